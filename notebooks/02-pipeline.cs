#:project ../src/PoseML/PoseML.csproj
// Notebook 2 — an ML.NET pipeline on the synthetic data: fit, evaluate by protocol, cross-validate by subject,
// save and reload.   Run: dotnet run notebooks/02-pipeline.cs
using Microsoft.ML;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline.DataLoading;
using PoseML.Pipeline.Evaluation;
using PoseML.Stages.Regression;

var ml = new MLContext(seed: 7);

// 1. Shipped data by name: synthetic subjects filmed by the four Human3.6M cameras (a lazy IDataView).
var data = ml.Data.LoadPoseDataset("synthetic").Take(40_000).Cache();
Console.WriteLine(string.Join(", ", data.Schema.Select(c => $"{c.Name}: {c.Type}")));
var (train, test, testSubjects) = ml.Data.SplitBySubject(data, testFraction: 0.34, seed: 7);
Console.WriteLine($"held-out subjects: {string.Join(", ", testSubjects)}");

// 2. A two-stage pipeline: ML.NET's own z-scoring of the 2D keypoints (fixZero: false centres the data), then
//    PoseML's closed-form ridge regression to 3D.
var pipeline = ml.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D, fixZero: false)
    .Append(ml.Transforms.LinearLifter(labelColumnName: PoseColumns.Pose3D));
var model = pipeline.Fit(train);

// 3. The standard metrics table on subjects the model never saw (Protocol 1 and 2, PCK, AUC).
var report = ml.Regression.EvaluatePoses(model.Transform(test));
Console.WriteLine($"MPJPE {report.Mpjpe:F1} mm, PA-MPJPE {report.PaMpjpe:F1} mm, PCK150 {report.Pck150:F1} %, AUC {report.Auc:F1} %");
foreach (var (action, m) in report.PerAction.OrderBy(a => a.Value.Mpjpe).Take(3))
    Console.WriteLine($"  easiest: {action,-14} {m.Mpjpe,6:F1} mm over {m.Frames} frames");

// 4. Cross-validation keeps each subject in exactly one test fold.
var cv = ml.Regression.CrossValidatePoses(data, pipeline, numberOfFolds: 3, samplingKeyColumnName: PoseColumns.Subject, seed: 7);
foreach (var fold in cv.Folds) Console.WriteLine($"  fold {fold.Fold}: {string.Join(", ", fold.TestKeys)} -> MPJPE {fold.Metrics.Mpjpe:F1} mm");
Console.WriteLine($"3-fold CV by subject: MPJPE {cv.Summary["Mpjpe"]} mm");

// 5. mlContext.Model.Save writes ML.NET's own model zip (the lifter as an ONNX graph); Model.Load needs no
//    PoseML registration and gives the same poses (ONNX Runtime sums in another order: within 0.01 mm).
var path = Path.Combine(Path.GetTempPath(), $"poseml-notebook-linear-{Environment.ProcessId}.zip");
ml.Model.Save(model, train.Schema, path);
var loaded = new MLContext(seed: 0).Model.Load(path, out var inputSchema);
var again = ml.Regression.EvaluatePoses(loaded.Transform(test));
var worst = Worst(model.Transform(test).ReadFloats(PoseColumns.PredictedPose3D), loaded.Transform(test).ReadFloats(PoseColumns.PredictedPose3D));
Console.WriteLine($"reloaded model: MPJPE {again.Mpjpe:F1} mm; largest coordinate difference {worst:G3} mm");
File.Delete(path);
if (!(worst < 0.01)) throw new InvalidOperationException("a reloaded model must reproduce its output");

static double Worst(float[] a, float[] b) => a.Length != b.Length ? double.PositiveInfinity : a.Zip(b).Max(p => Math.Abs(p.First - p.Second));
