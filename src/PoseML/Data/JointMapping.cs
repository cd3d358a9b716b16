using IDataView = Microsoft.ML.IDataView;
using System.Collections.Immutable;
using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Data;

/// <summary>A linear map from one skeleton's joints to another's: each target joint is a weighted sum of
/// source joints (weights sum to 1, so the map commutes with translation and works on pixels or mm alike).
/// Confidence of a target joint is the minimum confidence of the source joints it uses, so a mapped joint
/// built from a missing joint is itself missing. See <see cref="JointMappings"/> for the standard maps.</summary>
public sealed class JointMapping
{
    /// <summary>One source joint and its weight in a target joint.</summary>
    public readonly record struct Term(int Joint, float Weight);

    private readonly ImmutableArray<ImmutableArray<Term>> _terms;

    /// <summary>Creates a mapping; <paramref name="terms"/>[t] lists the source joints and weights of target joint t.</summary>
    /// <exception cref="InvalidOptionException">Wrong number of target joints, a source index out of range,
    /// no terms, a non-finite weight, or weights that do not sum to 1.</exception>
    public JointMapping(string name, Skeleton source, Skeleton target, IReadOnlyList<IReadOnlyList<Term>> terms)
    {
        if (terms.Count != target.JointCount)
            throw new InvalidOptionException(nameof(terms), $"mapping '{name}' lists {terms.Count} target joints, skeleton {target.Name} has {target.JointCount}");
        for (var t = 0; t < terms.Count; t++)
        {
            if (terms[t].Count == 0)
                throw new InvalidOptionException(nameof(terms), $"mapping '{name}': target joint {target.JointNames[t]} has no source joints");
            var sum = 0.0;
            foreach (var term in terms[t])
            {
                if (term.Joint < 0 || term.Joint >= source.JointCount)
                    throw new InvalidOptionException(nameof(terms), $"mapping '{name}': target joint {target.JointNames[t]} uses source joint {term.Joint}, outside 0..{source.JointCount - 1}");
                if (!float.IsFinite(term.Weight) || term.Weight == 0)
                    throw new InvalidOptionException(nameof(terms), $"mapping '{name}': target joint {target.JointNames[t]} has weight {term.Weight}; weights must be finite and non-zero");
                sum += term.Weight;
            }
            if (Math.Abs(sum - 1) > 1e-5)
                throw new InvalidOptionException(nameof(terms), $"mapping '{name}': weights of target joint {target.JointNames[t]} sum to {sum}, not 1");
        }
        Name = name;
        Source = source;
        Target = target;
        _terms = terms.Select(t => t.ToImmutableArray()).ToImmutableArray();
    }

    /// <summary>E.g. <c>coco17-to-h36m17</c>.</summary>
    public string Name { get; }

    /// <summary>The skeleton of the input keypoints.</summary>
    public Skeleton Source { get; }

    /// <summary>The skeleton of the output keypoints.</summary>
    public Skeleton Target { get; }

    /// <summary>The source joints and weights of target joint <paramref name="targetJoint"/>.</summary>
    public ImmutableArray<Term> TermsOf(int targetJoint) => _terms[targetJoint];

    /// <summary>True when target joint <paramref name="targetJoint"/> is a blend of several source joints
    /// rather than a copy of one.</summary>
    public bool IsInterpolated(int targetJoint) => _terms[targetJoint].Length > 1;

    /// <summary>The dense matrix, row-major [target joints × source joints].</summary>
    public float[] ToMatrix()
    {
        var m = new float[Target.JointCount * Source.JointCount];
        for (var t = 0; t < _terms.Length; t++)
            foreach (var term in _terms[t]) m[t * Source.JointCount + term.Joint] += term.Weight;
        return m;
    }

    /// <summary>Maps a batch of poses, row-major <c>[frames, source joints, dimensions]</c>, into
    /// <paramref name="target"/> <c>[frames, target joints, dimensions]</c>. Any number of dimensions (2 for
    /// keypoints, 3 for poses); a NaN in a used source joint gives NaN.</summary>
    /// <exception cref="ArgumentException">Lengths that are not whole frames or do not match.</exception>
    public void Map(ReadOnlySpan<float> source, Span<float> target, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var frames = Frames(source.Length, Source.JointCount * dimensions, target.Length, Target.JointCount * dimensions);
        var js = Source.JointCount;
        var jt = Target.JointCount;
        for (var f = 0; f < frames; f++)
        {
            var src = source.Slice(f * js * dimensions, js * dimensions);
            var dst = target.Slice(f * jt * dimensions, jt * dimensions);
            for (var t = 0; t < jt; t++)
            {
                var terms = _terms[t];
                for (var d = 0; d < dimensions; d++)
                {
                    var sum = 0f;
                    foreach (var term in terms) sum += term.Weight * src[term.Joint * dimensions + d];
                    dst[t * dimensions + d] = sum;
                }
            }
        }
    }

    /// <summary>Maps per-joint confidences <c>[frames, source joints]</c> to <c>[frames, target joints]</c>:
    /// each target joint gets the minimum confidence of the source joints it uses.</summary>
    public void MapConfidence(ReadOnlySpan<float> source, Span<float> target)
    {
        var frames = Frames(source.Length, Source.JointCount, target.Length, Target.JointCount);
        for (var f = 0; f < frames; f++)
        {
            var src = source.Slice(f * Source.JointCount, Source.JointCount);
            for (var t = 0; t < Target.JointCount; t++)
            {
                var c = float.PositiveInfinity;
                foreach (var term in _terms[t]) c = Math.Min(c, float.IsNaN(src[term.Joint]) ? 0f : src[term.Joint]);
                target[f * Target.JointCount + t] = c;
            }
        }
    }

    /// <summary>A lazy view in which <paramref name="poseColumn"/> (float [source joints, D]) and, when present,
    /// <paramref name="confidenceColumn"/> (float [source joints]) are replaced by their mapped values
    /// (float [target joints, D] and [target joints]); other columns pass through.</summary>
    /// <exception cref="SchemaMismatchException">The pose column is missing or is not float [source joints, D].</exception>
    public IDataView Apply(IDataView data, string poseColumn = PoseColumns.Keypoints2D, string? confidenceColumn = PoseColumns.Confidence)
    {
        var pose = data.Columns()[poseColumn];
        if (pose.Type.Kind != DataKind.Float32 || pose.Type.Shape.Length != 2 || pose.Type.Shape[0] != Source.JointCount)
            throw new SchemaMismatchException(poseColumn, $"mapping {Name} needs float[{Source.JointCount},D] ({Source.Name} joints), found {pose.Type}");
        var dims = pose.Type.Shape[1];
        var hasConfidence = confidenceColumn is not null && data.Columns().TryGetColumn(confidenceColumn, out _);
        if (hasConfidence) data.Columns().Require(confidenceColumn!, ColumnType.Float(Source.JointCount));
        var added = new List<(string, ColumnType)> { (poseColumn, ColumnType.Float(Target.JointCount, dims)) };
        if (hasConfidence) added.Add((confidenceColumn!, ColumnType.Float(Target.JointCount)));
        return new MappedDataView(data, added, batch =>
        {
            var mapped = new float[batch.RowCount * Target.JointCount * dims];
            Map(batch.GetFloats(poseColumn), mapped, dims);
            if (!hasConfidence) return [ColumnBuffer.Of(mapped)];
            var confidence = new float[batch.RowCount * Target.JointCount];
            MapConfidence(batch.GetFloats(confidenceColumn!), confidence);
            return [ColumnBuffer.Of(mapped), ColumnBuffer.Of(confidence)];
        });
    }

    private int Frames(int sourceLength, int sourcePerFrame, int targetLength, int targetPerFrame)
    {
        if (sourceLength % sourcePerFrame != 0)
            throw new ArgumentException($"mapping {Name}: {sourceLength} source values are not whole frames of {sourcePerFrame}");
        var frames = sourceLength / sourcePerFrame;
        if (targetLength != frames * targetPerFrame)
            throw new ArgumentException($"mapping {Name}: {frames} frames need {frames * targetPerFrame} target values, got {targetLength}");
        return frames;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
