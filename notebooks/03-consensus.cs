#:project ../src/PoseML/PoseML.csproj
#:property PublishAot=false
// Notebook 3 — joint groups and the robust consensus of Deep Pose Consensus Networks (§4.1, §5), the consensus
// run as an ML.NET transformer.   Run: dotnet run notebooks/03-consensus.cs
// PublishAot=false: ML.NET's LoadFromEnumerable and PredictionEngine generate code at run time (Reflection.Emit),
// which a file-based app's default (PublishAot=true) switches off.
using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.MLNet;
using PoseML.Pipeline.DataLoading;
using PoseML.Stages.Consensus;
using PoseML.Stages.JointGrouping;
using PoseML.Stages.PoseConsensus;

var ml = new MLContext(seed: 1);

// 1. Sample joint groups from a real motion (Eq. 1-2): joints that move together share groups.
var walk = ml.Data.LoadPoseDataset("cmu").FilterByText(PoseColumns.Action, a => a == "Walk 01").FilterByText(PoseColumns.Subject, s => s == "CMU35");
var poses = walk.ReadFloats(PoseColumns.Pose3D);
var groups = JointGroupSampler.Sample(poses, 17, new JointGroupSamplingOptions { GroupSize = 10, MinCoverage = 10, Seed = 1 });
var names = Skeletons.Human36M17.JointNames;
Console.WriteLine($"{groups.GroupCount} groups of {groups.Groups[0].Length} joints; the first three:");
foreach (var g in groups.Groups.Take(3)) Console.WriteLine("  " + string.Join(" ", g.Select(j => names[j])));

// 2. Partial 3D estimates with arbitrary translations and 20 % of the groups corrupted by outliers, as an ML.NET
//    data view: one row per frame, GroupPoses3D float[Σn_g,3] (the group lifters' output column).
var problem = ConsensusSynthetic.Make(groups, frames: 500, seed: 2, noiseMm: 10, outlierFraction: 0.2);
var rowsPerFrame = groups.RowCount * 3;
var definition = SchemaDefinition.Create(typeof(Estimates));
definition[nameof(Estimates.GroupPoses3D)].ColumnType = PoseColumnTypes.Vector(groups.RowCount, 3);
var estimates = ml.Data.LoadFromEnumerable(Enumerable.Range(0, problem.Frames)
    .Select(f => new Estimates { GroupPoses3D = problem.Estimates.AsSpan(f * rowsPerFrame, rowsPerFrame).ToArray() }).ToList(), definition);

// 3. mlContext.Transforms.PoseConsensus fuses them into PredictedPose3D float[17,3]; it needs no training data
//    (Fit only checks the schema). The l2,1 consensus ignores the outlier groups; least squares averages them in.
ITransformer Consensus(ConsensusSolverKind kind) =>
    ml.Transforms.PoseConsensus(groups, new PoseConsensusOptions { Solver = kind, ConfidenceColumnName = null }).Fit(estimates);
double MedianError(ITransformer model)
{
    var result = model.Transform(estimates).ReadFloats(PoseColumns.PredictedPose3D);
    return ConsensusSynthetic.Median(Enumerable.Range(0, problem.Frames)
        .Select(f => ConsensusSynthetic.Mpjpe(result.AsSpan(f * 51, 51), problem.Truth.AsSpan(f * 51, 51))));
}
var robust = Consensus(ConsensusSolverKind.L21);
var l21 = MedianError(robust);
var lsq = MedianError(Consensus(ConsensusSolverKind.LeastSquares));
Console.WriteLine($"median MPJPE: l2,1 {l21:F1} mm, l1 {MedianError(Consensus(ConsensusSolverKind.L1)):F1} mm, least squares {lsq:F1} mm");
if (!(l21 < lsq)) throw new InvalidOperationException("the robust consensus should beat least squares with outliers");

// 4. Saved with mlContext.Model.Save as a named CustomMapping (groups and solver options as text), loaded with
//    Model.Load: the same solver on the same numbers, so the same bits.
using var saved = new MemoryStream();
ml.Model.Save(robust, estimates.Schema, saved);
saved.Position = 0;
var loaded = new MLContext(seed: 0).Model.Load(saved, out _);
var same = robust.Transform(estimates).ReadFloats(PoseColumns.PredictedPose3D).SequenceEqual(loaded.Transform(estimates).ReadFloats(PoseColumns.PredictedPose3D));
Console.WriteLine($"saved model: {saved.Length:N0} bytes; reloaded gives identical poses: {same}");
if (!same) throw new InvalidOperationException("a reloaded consensus must reproduce its output");

sealed class Estimates
{
    public float[] GroupPoses3D { get; set; } = [];
}
