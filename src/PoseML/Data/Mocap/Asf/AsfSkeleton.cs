using System.Collections.Immutable;
using PoseML.Core;

namespace PoseML.Data.Mocap.Asf;

/// <summary>A parsed Acclaim skeleton (ASF): bones ordered parents first (root = bone 0), their rest
/// directions, lengths, local axes and degrees of freedom, and the file's units.</summary>
public sealed class AsfSkeleton
{
    private readonly Dictionary<string, int> _byName;

    internal AsfSkeleton(string source, string name, double lengthUnit, bool anglesInDegrees, Vec3 rootPosition, ImmutableArray<AsfBone> bones)
    {
        Source = source;
        Name = name;
        LengthUnit = lengthUnit;
        AnglesInDegrees = anglesInDegrees;
        RootPosition = rootPosition;
        Bones = bones;
        _byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var b = 0; b < bones.Length; b++) _byName[bones[b].Name] = b;
    }

    /// <summary>The file it was read from.</summary>
    public string Source { get; }

    /// <summary>The <c>:name</c> of the skeleton.</summary>
    public string Name { get; }

    /// <summary>The <c>:units length</c> factor: a value of 1 in the file is <c>1 / LengthUnit</c>
    /// inches (CMU writes 0.45, so metres = value × 0.0254 / 0.45).</summary>
    public double LengthUnit { get; }

    /// <summary>Millimetres per ASF length unit, <c>25.4 / LengthUnit</c>.</summary>
    public double MillimetresPerUnit => 25.4 / LengthUnit;

    /// <summary>True when <c>:units angle</c> is degrees (the default), false for radians.</summary>
    public bool AnglesInDegrees { get; }

    /// <summary>The root's rest <c>position</c>, length units.</summary>
    public Vec3 RootPosition { get; }

    /// <summary>Bones, root first, parents before children.</summary>
    public ImmutableArray<AsfBone> Bones { get; }

    /// <summary>Index of the bone called <paramref name="name"/> (case-insensitive), or -1.</summary>
    public int IndexOf(string name) => _byName.TryGetValue(name, out var b) ? b : -1;

    /// <summary><see cref="IndexOf(string)"/> without allocating a string.</summary>
    internal int IndexOf(ReadOnlySpan<char> name) => _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var b) ? b : -1;

    /// <summary>Index of the bone called <paramref name="name"/>.</summary>
    /// <exception cref="DataFormatException">No such bone.</exception>
    public int Require(string name) =>
        IndexOf(name) is var b and >= 0 ? b : throw new DataFormatException(Source, $"no bone '{name}'; bones are {string.Join(",", Bones.Select(x => x.Name))}", field: name);
}
