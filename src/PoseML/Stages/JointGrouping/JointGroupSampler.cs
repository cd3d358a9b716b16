using PoseML.Data;
using PoseML.Core;

namespace PoseML.Stages.JointGrouping;

/// <summary>Ways to choose the joint groups of Deep Pose Consensus Networks (§4.1): the paper's
/// similarity-weighted sampling, uniformly random groups (its "random selection" ablation), the
/// kinematic-neighbourhood rule of the perf reference, and fixed body-part groups. Every random choice
/// is seeded: the same inputs and seed give the same groups.</summary>
public static class JointGroupSampler
{
    /// <summary>Samples groups from a training sequence of 3D poses ([frames, n, 3], any units):
    /// computes Eq. 1 normalised by its maximum (<see cref="JointSimilarity.ComputeNormalized"/>) and
    /// calls <see cref="FromSimilarity"/>.</summary>
    public static JointGroups Sample(ReadOnlySpan<float> poses, int jointCount, JointGroupSamplingOptions? options = null) =>
        FromSimilarity(JointSimilarity.ComputeNormalized(poses, jointCount), jointCount, options);

    /// <summary>Eq. 2 weighted sampling on an n×n similarity <paramref name="similarity"/> (row-major,
    /// normally max-normalised). Each group starts from a uniformly drawn joint; further joints are drawn
    /// without replacement with probability ∝ <c>w_i = exp(−λ/(2n_g) Σ_{i'∈g_j} s_ii')</c> over joints not
    /// yet in the group, until it has n_g joints. Groups are drawn until every joint is in at least m_g
    /// groups. Duplicate groups are kept (the paper does not remove them).</summary>
    /// <exception cref="InvalidOptionException">Bad λ, n_g or m_g, or a similarity of the wrong size or with negative/non-finite entries.</exception>
    public static JointGroups FromSimilarity(double[] similarity, int jointCount, JointGroupSamplingOptions? options = null)
    {
        options ??= new JointGroupSamplingOptions();
        Validate(options, jointCount);
        ArgumentNullException.ThrowIfNull(similarity);
        if (similarity.Length != jointCount * jointCount)
            throw new InvalidOptionException("similarity", $"expected {jointCount}×{jointCount} = {jointCount * jointCount} values, found {similarity.Length}");
        foreach (var v in similarity)
            if (!double.IsFinite(v) || v < 0) throw new InvalidOptionException("similarity", $"entries must be finite and ≥ 0, found {v}");

        var n = jointCount;
        var ng = options.GroupSize;
        var random = new Random(options.Seed);
        var coverage = new int[n];
        var groups = new List<int[]>();
        var inGroup = new bool[n];
        var sumS = new double[n];        // Σ_{i'∈g} s_ii' for the group being built
        var logW = new double[n];
        var maxGroups = 1000 * n * options.MinCoverage;
        while (coverage.Min() < options.MinCoverage)
        {
            if (groups.Count >= maxGroups)
                throw new InvalidOptionException("lambda", $"no full coverage after {maxGroups} groups; λ = {options.Lambda} is too large for this similarity");
            Array.Clear(inGroup);
            Array.Clear(sumS);
            var group = new int[ng];
            for (var k = 0; k < ng; k++)
            {
                int pick;
                if (k == 0) pick = random.Next(n);
                else
                {
                    // Weights in log space, shifted by their maximum so exp cannot underflow to all zeros.
                    var max = double.NegativeInfinity;
                    for (var i = 0; i < n; i++)
                    {
                        logW[i] = inGroup[i] ? double.NegativeInfinity : -options.Lambda / (2.0 * ng) * sumS[i];
                        if (logW[i] > max) max = logW[i];
                    }
                    var total = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        logW[i] = inGroup[i] ? 0 : Math.Exp(logW[i] - max);
                        total += logW[i];
                    }
                    var u = random.NextDouble() * total;
                    pick = -1;
                    for (var i = 0; i < n; i++)
                    {
                        if (inGroup[i]) continue;
                        pick = i;
                        u -= logW[i];
                        if (u < 0) break;
                    }
                }
                group[k] = pick;
                inGroup[pick] = true;
                for (var i = 0; i < n; i++) sumS[i] += similarity[i * n + pick];
            }
            foreach (var i in group) coverage[i]++;
            groups.Add(group);
        }
        return new JointGroups(n, groups);
    }

    /// <summary>Uniformly random groups (the paper's "random selection" ablation): each group is n_g
    /// distinct joints drawn uniformly, until every joint is in at least m_g groups. Equals
    /// <see cref="FromSimilarity"/> with λ = 0 for the same seed.</summary>
    public static JointGroups Uniform(int jointCount, JointGroupSamplingOptions? options = null) =>
        FromSimilarity(new double[jointCount * jointCount], jointCount, (options ?? new JointGroupSamplingOptions()) with { Lambda = 0 });

    /// <summary>Deterministic kinematic-neighbourhood groups, the rule of the perf reference
    /// (<c>refs/perf/consensus.py</c> <c>make_groups</c>): group j = joint j plus its n_g − 1 nearest joints
    /// by hop distance in the skeleton tree (ties: lower index). n groups, one centred on each joint.</summary>
    /// <exception cref="InvalidOptionException">n_g out of range, or a skeleton without a connected tree.</exception>
    public static JointGroups KinematicNeighbourhoods(Skeleton skeleton, int groupSize = JointGroupDefaults.GroupSize)
    {
        ArgumentNullException.ThrowIfNull(skeleton);
        var n = skeleton.JointCount;
        if (groupSize < 2 || groupSize > n) throw new InvalidOptionException("group-size", $"must be in 2..{n}, found {groupSize}");
        var adjacency = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        for (var c = 0; c < n; c++)
        {
            var p = skeleton.Parents[c];
            if (p < 0) continue;
            adjacency[c].Add(p);
            adjacency[p].Add(c);
        }
        var groups = new List<int[]>();
        for (var j = 0; j < n; j++)
        {
            var dist = Enumerable.Repeat(int.MaxValue, n).ToArray();
            dist[j] = 0;
            var queue = new Queue<int>([j]);
            while (queue.Count > 0)
            {
                var u = queue.Dequeue();
                foreach (var v in adjacency[u])
                    if (dist[v] == int.MaxValue) { dist[v] = dist[u] + 1; queue.Enqueue(v); }
            }
            if (dist.Contains(int.MaxValue))
                throw new InvalidOptionException("skeleton", $"{skeleton.Name} is not one connected tree (parents), so hop distances are undefined");
            groups.Add([.. Enumerable.Range(0, n).OrderBy(k => dist[k]).ThenBy(k => k).Take(groupSize)]);
        }
        return new JointGroups(n, groups);
    }

    /// <summary>Six overlapping body-part groups of <see cref="Skeletons.Human36M17"/>:
    /// torso {Hip, RHip, LHip, Spine, Thorax, LShoulder, RShoulder}, head {Spine, Thorax, Neck, Head,
    /// LShoulder, RShoulder}, left arm {Spine, Thorax, LShoulder, LElbow, LWrist}, right arm {Spine,
    /// Thorax, RShoulder, RElbow, RWrist}, left leg {Hip, RHip, LHip, LKnee, LFoot}, right leg {Hip, RHip,
    /// LHip, RKnee, RFoot}. Each limb group shares at least three joints with the torso, so the
    /// consensus can place every group.</summary>
    public static JointGroups BodyPartsHuman36M17() => new(17,
    [
        [0, 1, 4, 7, 8, 11, 14],
        [7, 8, 9, 10, 11, 14],
        [7, 8, 11, 12, 13],
        [7, 8, 14, 15, 16],
        [0, 1, 4, 5, 6],
        [0, 1, 4, 2, 3],
    ]);

    private static void Validate(JointGroupSamplingOptions options, int n)
    {
        if (n < 2) throw new InvalidOptionException("joints", $"must be at least 2, found {n}");
        if (!double.IsFinite(options.Lambda) || options.Lambda < 0) throw new InvalidOptionException("lambda", $"must be finite and ≥ 0, found {options.Lambda}");
        if (options.GroupSize < 2 || options.GroupSize > n) throw new InvalidOptionException("group-size", $"must be in 2..{n}, found {options.GroupSize}");
        if (options.MinCoverage < 1) throw new InvalidOptionException("min-coverage", $"must be at least 1, found {options.MinCoverage}");
    }
}
