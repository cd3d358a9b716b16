#:project ../src/PoseML/PoseML.csproj
#:property PublishAot=false
// Notebook 2 — an ML.NET-shaped pipeline on the synthetic data: fit, evaluate by protocol,
// cross-validate by subject, save and reload.   Run: dotnet run notebooks/02-pipeline.cs
using PoseML.Data;
using PoseML.Data.Catalog;
using PoseML.Data.View;
using PoseML.Pipeline;

var ctx = new PoseContext(seed: 7);

// 1. Shipped data by name: synthetic subjects filmed by the four Human3.6M cameras (lazy view).
var data = Datasets.Load("synthetic").Take(40_000).Cache();
Console.WriteLine(data.Schema.Describe());
var (train, test, testSubjects) = data.SplitByKey(PoseColumns.Subject, testFraction: 0.34, seed: 7);
Console.WriteLine($"held-out subjects: {string.Join(", ", testSubjects)}");

// 2. A two-stage pipeline: z-score the 2D keypoints, then a ridge regression to 3D.
var pipeline = ctx.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D)
    .Append(ctx.Lifting.LinearLifter(labelColumnName: PoseColumns.Pose3D));
var model = pipeline.Fit(train);

// 3. The standard metrics table on subjects the model never saw (Protocol 1 and 2, PCK, AUC).
var report = ctx.Evaluation.Evaluate(model.Transform(test));
Console.WriteLine($"MPJPE {report.Mpjpe:F1} mm, PA-MPJPE {report.PaMpjpe:F1} mm, PCK150 {report.Pck150:F1} %, AUC {report.Auc:F1} %");
foreach (var (action, m) in report.PerAction.OrderBy(a => a.Value.Mpjpe).Take(3))
    Console.WriteLine($"  easiest: {action,-14} {m.Mpjpe,6:F1} mm over {m.Frames} frames");

// 4. Cross-validation keeps each subject in exactly one test fold.
var cv = ctx.Evaluation.CrossValidate(data, pipeline, numberOfFolds: 3);
Console.WriteLine($"3-fold CV by subject: MPJPE {cv.Summary["Mpjpe"]} mm");

// 5. Models describe themselves (manifest + safetensors) and reload to identical output.
var path = Path.Combine(Path.GetTempPath(), "poseml-notebook-linear.zip");
ctx.Model.Save(model, train.Schema, path);
var loaded = ctx.Model.Load(path, out var inputSchema);
var again = ctx.Evaluation.Evaluate(loaded.Transform(test));
Console.WriteLine($"reloaded model: MPJPE {again.Mpjpe:F1} mm (identical: {again.Mpjpe == report.Mpjpe})");
File.Delete(path);
if (again.Mpjpe != report.Mpjpe) throw new InvalidOperationException("a reloaded model must reproduce its output");
