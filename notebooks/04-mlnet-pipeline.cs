#:project ../src/PoseML/PoseML.csproj
#:property PublishAot=false
// Notebook 4 — one Microsoft.ML pipeline that mixes ML.NET's built-in transforms with PoseML's stages, fitted on the
// shipped CMU motion capture seen by a Human3.6M camera; saved with mlContext.Model.Save, loaded in a separate
// process, served through Transform and PredictionEngine; cross-validated by subject and swept.
// Run: dotnet run notebooks/04-mlnet-pipeline.cs   (a small budget: well under a minute on 2 cores).
// PublishAot=false: ML.NET's PredictionEngine generates code at run time (Reflection.Emit), which a file-based
// app's default (PublishAot=true) switches off.
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Data;
using PoseML.Data.Cameras;
using PoseML.Data.View;
using PoseML.MLNet;
using PoseML.Pipeline.DataLoading;
using PoseML.Pipeline.Evaluation;
using PoseML.Pipeline.Search;
using PoseML.Stages.DeepPoseConsensus;

// The separate process: `04-mlnet-pipeline load MODEL.zip IN.idv OUT.idv` loads the model with nothing but
// mlContext.Model.Load (no PoseML type is named or registered) and writes its output.
if (args is ["load", var modelPath, var inPath, var outPath])
{
    var fresh = new MLContext(seed: 0);
    var loadedModel = fresh.Model.Load(modelPath, out _);
    using var output = File.Create(outPath);
    fresh.Data.SaveAsBinary(loadedModel.Transform(fresh.Data.LoadFromBinary(inPath)), output, keepHidden: false);
    return 0;
}

var clock = Stopwatch.StartNew();
var ml = new MLContext(seed: 0);

// 1. The CMU sample (world frame) placed in front of the Human3.6M rig and filmed by camera 0: camera-frame Pose3D
//    (mm), Keypoints2D (pixels) and Confidence; every 6th frame to keep the notebook quick.
var rig = H36MCameras.Rig();
var cmu = rig.ProjectCamera(ml.Data.LoadPoseDataset("cmu").Cache().PlaceInRig(rig), 0)
    .Filter([PoseColumns.Frame], (b, r) => b.GetInts(PoseColumns.Frame)[r] % 6 == 0).Cache();
var (train, test, testSubjects) = ml.Data.SplitBySubject(cmu, testFraction: 0.25, seed: 0);
Console.WriteLine($"{cmu.Rows} frames; held-out subjects {string.Join(", ", testSubjects)}");

// 2. ML.NET built-ins and PoseML stages in one EstimatorChain: keep the raw pixels aside (CopyColumns), z-score the
//    2D keypoints with ML.NET's NormalizeMeanVariance (fixZero: false centres them), then Deep Pose Consensus
//    Networks (joint groups → one lifter per group → l2,1 consensus) writing PredictedPose3D float[17,3].
var pipeline = ml.Transforms.CopyColumns("RawKeypoints2D", PoseColumns.Keypoints2D)
    .Append(ml.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D, fixZero: false))
    .Append(ml.Transforms.DeepPoseConsensus(width: 32, epochs: 1, groupSize: 10, seed: 0));
var model = pipeline.Fit(train);
var scored = model.Transform(test);
var report = ml.Regression.EvaluatePoses(scored);
Console.WriteLine($"held-out MPJPE {report.Mpjpe:F1} mm, PA-MPJPE {report.PaMpjpe:F1} mm ({clock.Elapsed.TotalSeconds:F0} s)");

// 3. mlContext.Model.Save writes ML.NET's own model zip: the built-ins as themselves, the lifters as an ONNX graph,
//    the consensus as a named CustomMapping. Another process loads it and transforms 256 held-out frames (a few:
//    `dotnet run` builds the notebook and the library in Debug, where the consensus runs several times slower).
var dir = Directory.CreateTempSubdirectory("poseml-notebook-04-").FullName;
try
{
    var modelFile = Path.Combine(dir, "dpcn.zip");
    ml.Model.Save(model, train.Schema, modelFile);
    var inFile = Path.Combine(dir, "test.idv");
    var outFile = Path.Combine(dir, "scored.idv");
    var some = test.Take(256);
    using (var stream = File.Create(inFile)) ml.Data.SaveAsBinary(some, stream);
    RunSeparateProcess("load", modelFile, inFile, outFile);
    var expected = model.Transform(some).ReadFloats(PoseColumns.PredictedPose3D);
    var fromOtherProcess = ml.Data.LoadFromBinary(outFile).ReadFloats(PoseColumns.PredictedPose3D);
    // ONNX Runtime and PoseML's engine both compute in float32 but sum in different orders; the consensus is a
    // contraction of its input, so poses agree to within 1e-3 mm + 1e-5 relative (the tests' tolerance).
    Console.WriteLine($"model file {new FileInfo(modelFile).Length:N0} bytes; separate process: largest difference {Check(expected, fromOtherProcess):G3} mm over {fromOtherProcess.Length / 51} frames ({clock.Elapsed.TotalSeconds:F0} s)");

    // 4. PredictionEngine, one frame at a time, on the fitted model and on the loaded one.
    var loaded = new MLContext(seed: 0).Model.Load(modelFile, out _);
    var keypoints = test.ReadFloats(PoseColumns.Keypoints2D);
    var confidence = test.ReadFloats(PoseColumns.Confidence);
    var frame = new Frame { Keypoints2D = keypoints[..34], Confidence = confidence[..17] };
    var definition = Frame.Definition();
    var fitted = ml.Model.CreatePredictionEngine<Frame, Pose>(model, inputSchemaDefinition: definition).Predict(frame).PredictedPose3D;
    var reloaded = ml.Model.CreatePredictionEngine<Frame, Pose>(loaded, inputSchemaDefinition: definition).Predict(frame).PredictedPose3D;
    Console.WriteLine($"PredictionEngine, frame 0: fitted vs Transform {Check(expected[..51], fitted):G3} mm, loaded vs Transform {Check(expected[..51], reloaded):G3} mm; " +
        $"head at ({string.Join(", ", fitted.Skip(10 * 3).Take(3).Select(v => v.ToString("F0")))}) mm ({clock.Elapsed.TotalSeconds:F0} s)");
}
finally
{
    Directory.Delete(dir, recursive: true);
}

// 5. Cross-validation by subject: every subject in exactly one test fold, the same folds for the same seed.
var cv = ml.Regression.CrossValidatePoses(cmu, pipeline, numberOfFolds: 3, samplingKeyColumnName: PoseColumns.Subject, seed: 0);
foreach (var fold in cv.Folds) Console.WriteLine($"  fold {fold.Fold}: {string.Join(", ", fold.TestKeys),-22} MPJPE {fold.Metrics.Mpjpe,6:F1} mm ({fold.Seconds:F1} s)");
Console.WriteLine($"3-fold CV by subject: MPJPE {cv.Summary["Mpjpe"]} mm, PA-MPJPE {cv.Summary["PaMpjpe"]} mm ({clock.Elapsed.TotalSeconds:F0} s)");

// 6. A small hyper-parameter search over the same pipeline: the [Range]/[Choice] properties of an options record
//    are the search space; each trial is validated on held-out subjects.
var sweep = ml.Regression.SweepPoses(cmu, new SmallSearch(), (o, budget) =>
        ml.Transforms.CopyColumns("RawKeypoints2D", PoseColumns.Keypoints2D)
            .Append(ml.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D, fixZero: false))
            .Append(ml.Transforms.DeepPoseConsensus(width: o.Width, epochs: 1, groupSize: o.GroupSize, seed: 0)),
    new SweepOptions { Tuner = new GridTuner(), Trials = 2, Seed = 0, RefitBest = false });
foreach (var t in sweep.Trials) Console.WriteLine($"  trial {t.Trial}: {t.Parameters.ToJsonString()} -> MPJPE {t.Objective:F1} mm");
Console.WriteLine($"best: width {sweep.BestOptions.Width} ({clock.Elapsed.TotalSeconds:F0} s in all)");
return 0;

static double Check(float[] expected, float[] actual)
{
    if (expected.Length != actual.Length) throw new InvalidOperationException($"expected {expected.Length} values, got {actual.Length}");
    var worst = 0.0;
    for (var i = 0; i < expected.Length; i++)
    {
        var diff = Math.Abs(expected[i] - actual[i]);
        if (!(diff <= 1e-3 + 1e-5 * Math.Abs(expected[i])))
            throw new InvalidOperationException($"value {i}: {actual[i]} vs {expected[i]} (difference {diff:G3} mm)");
        worst = Math.Max(worst, diff);
    }
    return worst;
}

// Runs this notebook's compiled program again as a new process (the host's own executable, or `dotnet app.dll`).
static void RunSeparateProcess(params string[] arguments)
{
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardError = true };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(Frame).Assembly.Location);
    foreach (var a in arguments) start.ArgumentList.Add(a);
    using var process = Process.Start(start)!;
    var errors = process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"the separate process failed: {errors}");
}

sealed class Frame
{
    public float[] Keypoints2D { get; set; } = [];
    public float[] Confidence { get; set; } = [];

    // The pose columns' shapes (float[17,2], float[17]) are part of the model's input schema.
    public static SchemaDefinition Definition()
    {
        var d = SchemaDefinition.Create(typeof(Frame));
        d[nameof(Keypoints2D)].ColumnType = PoseColumnTypes.Keypoints2D(17);
        d[nameof(Confidence)].ColumnType = PoseColumnTypes.PerJoint(17);
        return d;
    }
}

sealed class Pose
{
    public float[] PredictedPose3D { get; set; } = [];
}

/// <summary>The searched options: the lifters' width (the group size is fixed, so the grid has 2 points).</summary>
sealed record SmallSearch
{
    [Choice(16, 32)]
    public int Width { get; init; } = 32;

    public int GroupSize { get; init; } = 10;
}
