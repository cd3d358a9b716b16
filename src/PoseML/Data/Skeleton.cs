using System.Collections.Immutable;
using PoseML.Core;

namespace PoseML.Data;

/// <summary>An immutable kinematic tree: joint names, each joint's parent (-1 for the root) and the
/// left/right joint pairs used for flipping and symmetry metrics.</summary>
public sealed class Skeleton : IEquatable<Skeleton>
{
    /// <summary>Creates a skeleton. Parents must precede their children; <paramref name="left"/> and
    /// <paramref name="right"/> are mirror pairs of equal length.</summary>
    public Skeleton(string name, IEnumerable<string> jointNames, IEnumerable<int> parents, IEnumerable<int> left, IEnumerable<int> right)
    {
        Name = name;
        JointNames = jointNames.ToImmutableArray();
        Parents = parents.ToImmutableArray();
        Left = left.ToImmutableArray();
        Right = right.ToImmutableArray();
        if (JointNames.Length != Parents.Length)
            throw new InvalidOptionException(nameof(parents), $"skeleton '{name}' has {JointNames.Length} joint names but {Parents.Length} parents");
        if (Left.Length != Right.Length)
            throw new InvalidOptionException(nameof(left), $"skeleton '{name}' has {Left.Length} left joints but {Right.Length} right joints");
        for (var i = 0; i < Parents.Length; i++)
        {
            if (Parents[i] >= i || Parents[i] < -1)
                throw new InvalidOptionException(nameof(parents), $"skeleton '{name}': joint {i} ({JointNames[i]}) has parent {Parents[i]}; parents must precede children");
        }
        if (JointNames.Distinct(StringComparer.Ordinal).Count() != JointNames.Length)
            throw new InvalidOptionException(nameof(jointNames), $"skeleton '{name}' has duplicate joint names");
        foreach (var j in Left.Concat(Right))
        {
            if (j < 0 || j >= JointNames.Length)
                throw new InvalidOptionException(nameof(left), $"skeleton '{name}': left/right joint index {j} is outside 0..{JointNames.Length - 1}");
        }
    }

    /// <summary>Short identifier, e.g. <c>h36m17</c>.</summary>
    public string Name { get; }

    /// <summary>Joint names in storage order.</summary>
    public ImmutableArray<string> JointNames { get; }

    /// <summary>Parent index per joint; -1 for the root.</summary>
    public ImmutableArray<int> Parents { get; }

    /// <summary>Left joints, paired element-wise with <see cref="Right"/>.</summary>
    public ImmutableArray<int> Left { get; }

    /// <summary>Right joints, paired element-wise with <see cref="Left"/>.</summary>
    public ImmutableArray<int> Right { get; }

    /// <summary>Number of joints.</summary>
    public int JointCount => JointNames.Length;

    /// <summary>Bones as (child, parent) pairs, one per non-root joint, in joint order.</summary>
    public IEnumerable<(int Child, int Parent)> Bones
    {
        get
        {
            for (var i = 0; i < Parents.Length; i++)
            {
                if (Parents[i] >= 0) yield return (i, Parents[i]);
            }
        }
    }

    /// <summary>Index of the joint called <paramref name="jointName"/> (ordinal match).</summary>
    /// <exception cref="InvalidOptionException">No joint has that name.</exception>
    public int IndexOf(string jointName)
    {
        var i = JointNames.IndexOf(jointName);
        if (i < 0)
            throw new InvalidOptionException("joint", $"skeleton '{Name}' has no joint '{jointName}'; joints are {string.Join(",", JointNames)}");
        return i;
    }

    /// <summary>The index of the mirror joint of <paramref name="joint"/> (itself for centre joints).</summary>
    public int Mirror(int joint)
    {
        var l = Left.IndexOf(joint);
        if (l >= 0) return Right[l];
        var r = Right.IndexOf(joint);
        return r >= 0 ? Left[r] : joint;
    }

    /// <summary>A new skeleton without the given joints. Each kept joint's parent becomes its nearest
    /// kept ancestor; mirror pairs lose any pair with a removed side.</summary>
    public Skeleton RemoveJoints(params int[] joints)
    {
        var removed = new HashSet<int>(joints);
        foreach (var j in removed)
        {
            if (j < 0 || j >= JointCount)
                throw new InvalidOptionException(nameof(joints), $"skeleton '{Name}' has no joint {j}");
        }
        var kept = Enumerable.Range(0, JointCount).Where(j => !removed.Contains(j)).ToArray();
        var newIndex = new int[JointCount];
        Array.Fill(newIndex, -1);
        for (var i = 0; i < kept.Length; i++) newIndex[kept[i]] = i;
        var parents = kept.Select(j =>
        {
            var p = Parents[j];
            while (p >= 0 && removed.Contains(p)) p = Parents[p];
            return p < 0 ? -1 : newIndex[p];
        });
        var pairs = Left.Zip(Right).Where(p => !removed.Contains(p.First) && !removed.Contains(p.Second)).ToArray();
        return new Skeleton(Name + "-subset", kept.Select(j => JointNames[j]), parents,
            pairs.Select(p => newIndex[p.First]), pairs.Select(p => newIndex[p.Second]));
    }

    /// <inheritdoc />
    public bool Equals(Skeleton? other) =>
        other is not null && JointNames.SequenceEqual(other.JointNames) && Parents.SequenceEqual(other.Parents)
        && Left.SequenceEqual(other.Left) && Right.SequenceEqual(other.Right);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Skeleton s && Equals(s);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(JointCount, JointNames.Length > 0 ? JointNames[0] : "");

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({JointCount} joints)";
}
