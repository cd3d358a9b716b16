using System.Collections.Immutable;
using PoseML.Core;

namespace PoseML.Stages.JointGrouping;

/// <summary>An immutable set of overlapping joint groups over an <c>n</c>-joint skeleton (Deep Pose
/// Consensus Networks §4.1): group <c>j</c> is a sorted set of joint indices <c>g_j</c>. The consensus
/// solver stacks the groups' rows in group order, so row <c>RowOffset(j) + k</c> holds joint
/// <c>Groups[j][k]</c> of group <c>j</c>.</summary>
/// <remarks>Validation on construction: every index in <c>[0, n)</c>, no duplicate within a group,
/// no empty group. Coverage is <em>reported</em>, not required: <see cref="UncoveredJoints"/> lists joints
/// in no group (the consensus reports them as missing); <see cref="RequireCoverage"/> turns that into
/// an error.</remarks>
public sealed class JointGroups : IEquatable<JointGroups>
{
    private readonly int[] _rowOffsets;

    /// <summary>Creates groups over <paramref name="jointCount"/> joints. Each group is sorted.</summary>
    /// <exception cref="InvalidOptionException">An index out of range, a duplicate in a group, an empty group, or no group.</exception>
    public JointGroups(int jointCount, IEnumerable<IEnumerable<int>> groups)
    {
        if (jointCount < 1) throw new InvalidOptionException("joints", $"must be at least 1, found {jointCount}");
        ArgumentNullException.ThrowIfNull(groups);
        var built = ImmutableArray.CreateBuilder<ImmutableArray<int>>();
        foreach (var group in groups)
        {
            var j = built.Count;
            var sorted = group.ToArray();
            Array.Sort(sorted);
            if (sorted.Length == 0) throw new InvalidOptionException("groups", $"group {j} is empty");
            for (var k = 0; k < sorted.Length; k++)
            {
                if (sorted[k] < 0 || sorted[k] >= jointCount)
                    throw new InvalidOptionException("groups", $"group {j} has joint index {sorted[k]}, expected 0..{jointCount - 1}");
                if (k > 0 && sorted[k] == sorted[k - 1])
                    throw new InvalidOptionException("groups", $"group {j} lists joint {sorted[k]} twice");
            }
            built.Add([.. sorted]);
        }
        if (built.Count == 0) throw new InvalidOptionException("groups", "expected at least one group");
        JointCount = jointCount;
        Groups = built.ToImmutable();
        _rowOffsets = new int[Groups.Length + 1];
        var coverage = new int[jointCount];
        for (var j = 0; j < Groups.Length; j++)
        {
            _rowOffsets[j + 1] = _rowOffsets[j] + Groups[j].Length;
            foreach (var i in Groups[j]) coverage[i]++;
        }
        Coverage = [.. coverage];
        UncoveredJoints = [.. Enumerable.Range(0, jointCount).Where(i => coverage[i] == 0)];
    }

    /// <summary>Number of joints <c>n</c> of the skeleton the groups index.</summary>
    public int JointCount { get; }

    /// <summary>The groups, each a sorted joint-index set.</summary>
    public ImmutableArray<ImmutableArray<int>> Groups { get; }

    /// <summary>Number of groups <c>n_t</c>.</summary>
    public int GroupCount => Groups.Length;

    /// <summary>Total rows of the stacked group estimates, <c>Σ_j |g_j|</c>.</summary>
    public int RowCount => _rowOffsets[^1];

    /// <summary>Number of groups containing each joint.</summary>
    public ImmutableArray<int> Coverage { get; }

    /// <summary>Joints that no group contains (sorted; empty when every joint is covered).</summary>
    public ImmutableArray<int> UncoveredJoints { get; }

    /// <summary>First stacked row of group <paramref name="group"/>.</summary>
    public int RowOffset(int group) => _rowOffsets[group];

    /// <summary>Throws when some joint is in fewer than <paramref name="minGroups"/> groups.</summary>
    /// <exception cref="InvalidOptionException">Names the first under-covered joint.</exception>
    public void RequireCoverage(int minGroups = 1)
    {
        for (var i = 0; i < JointCount; i++)
            if (Coverage[i] < minGroups)
                throw new InvalidOptionException("groups", $"joint {i} is in {Coverage[i]} group(s), expected at least {minGroups}");
    }

    /// <inheritdoc/>
    public bool Equals(JointGroups? other) =>
        other is not null && other.JointCount == JointCount && other.GroupCount == GroupCount &&
        Groups.Zip(other.Groups).All(p => p.First.SequenceEqual(p.Second));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is JointGroups g && Equals(g);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(JointCount, GroupCount, RowCount);

    /// <inheritdoc/>
    public override string ToString() => $"{GroupCount} joint groups over {JointCount} joints ({RowCount} rows)";
}
