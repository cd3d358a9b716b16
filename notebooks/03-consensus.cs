#:project ../src/PoseML/PoseML.csproj
#:property PublishAot=false
// Notebook 3 — joint groups and the robust consensus of Deep Pose Consensus Networks (§4.1, §5).
// Run: dotnet run notebooks/03-consensus.cs
using PoseML.Data;
using PoseML.Data.Catalog;
using PoseML.Data.View;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;

// 1. Sample joint groups from a real motion (Eq. 1-2): joints that move together share groups.
var walk = Datasets.Load("cmu").FilterByText(PoseColumns.Action, a => a == "Walk 01").FilterByText(PoseColumns.Subject, s => s == "CMU35");
var poses = walk.ReadFloats(PoseColumns.Pose3D);
var groups = JointGroupSampler.Sample(poses, 17, new JointGroupSamplingOptions { GroupSize = 10, MinCoverage = 10, Seed = 1 });
var names = Skeletons.Human36M17.JointNames;
Console.WriteLine($"{groups.GroupCount} groups of {groups.Groups[0].Length} joints; the first three:");
foreach (var g in groups.Groups.Take(3)) Console.WriteLine("  " + string.Join(" ", g.Select(j => names[j])));

// 2. Partial 3D estimates with arbitrary translations and 20 % of the groups corrupted by outliers.
var problem = ConsensusSynthetic.Make(groups, frames: 500, seed: 2, noiseMm: 10, outlierFraction: 0.2);
double MedianError(ConsensusSolverKind kind)
{
    var solver = new ConsensusSolver(groups, new ConsensusOptions { Solver = kind });
    var result = new float[problem.Frames * 17 * 3];
    solver.Solve(problem.Estimates, ReadOnlySpan<float>.Empty, result);
    return ConsensusSynthetic.Median(Enumerable.Range(0, problem.Frames)
        .Select(f => ConsensusSynthetic.Mpjpe(result.AsSpan(f * 51, 51), problem.Truth.AsSpan(f * 51, 51))));
}

// 3. The l2,1 consensus ignores the outlier groups; least squares averages them in.
var l21 = MedianError(ConsensusSolverKind.L21);
var lsq = MedianError(ConsensusSolverKind.LeastSquares);
Console.WriteLine($"median MPJPE: l2,1 {l21:F1} mm, l1 {MedianError(ConsensusSolverKind.L1):F1} mm, least squares {lsq:F1} mm");
if (!(l21 < lsq)) throw new InvalidOperationException("the robust consensus should beat least squares with outliers");
