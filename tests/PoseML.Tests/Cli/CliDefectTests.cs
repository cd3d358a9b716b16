using Microsoft.ML;
using PoseML.MLNet;
using System.Diagnostics;
using PoseML.Cli;
using PoseML.Cli.Progress;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.Formats;
using PoseML.Data.View;

using PoseML.Stages.Regression;
using PoseML.Tests.Pipeline;

namespace PoseML.Tests.Cli;

/// <summary>Ctrl-C, unwritable outputs, and what train and sweep report.</summary>
[TestClass]
public sealed class CliDefectTests
{
    private static string _dir = "";
    private static string _csv2d = "";
    private static string _csv3d = "";

    [ClassInitialize]
    public static void WriteTables(TestContext _) => (_dir, _csv2d, _csv3d) = PoseTableFiles.Write("poseml-clidefects");

    [ClassCleanup]
    public static void Delete() => Directory.Delete(_dir, recursive: true);

    private static string[] TemporaryFiles(string dir) => Directory.GetFiles(dir, ".*.tmp");

    /// <summary>Yields the batches of <paramref name="inner"/> and cancels <paramref name="source"/> once the first
    /// one has been taken: a Ctrl-C arriving while a long read is under way.</summary>
    private sealed class CancelAfterFirstBatch(Microsoft.ML.IDataView inner, CancellationTokenSource source) : BatchDataView
    {
        public override BatchSchema Columns => inner.Columns();

        public override long? RowCount => inner.RowCount();

        public int BatchesRead { get; private set; }

        public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns)
        {
            foreach (var batch in inner.GetBatches(batchSize, columns))
            {
                BatchesRead++;
                yield return batch;
                source.Cancel();
            }
        }
    }

    [TestMethod]
    public void PoseCsvWrite_CancelledMidWay_StopsWithinABatchAndLeavesNoFile()
    {
        var dir = Path.Combine(_dir, "write-cancel");
        Directory.CreateDirectory(dir);
        using var cancel = new CancellationTokenSource();
        var source = new CancelAfterFirstBatch(SyntheticPoses.Create(subjects: 4, framesPerSubject: 600), cancel); // several batches
        var path = Path.Combine(dir, "out.csv");
        Assert.ThrowsExactly<OperationCanceledException>(() =>
            PoseCsv.Write(source.WithCancellation(cancel.Token), path, Skeletons.Human36M17, PoseColumns.Pose3D, cancellationToken: cancel.Token));
        Assert.IsFalse(File.Exists(path));
        Assert.AreEqual(0, TemporaryFiles(dir).Length);
        Assert.IsTrue(source.BatchesRead <= 2, $"{source.BatchesRead} batches read");
    }

    [TestMethod]
    public void PredictWrite_OfAnMLNetModelsOutput_StopsAtCtrlCAndLeavesNoFile()
    {
        // What predict does: an ML.NET model's lazy Transform feeds PoseCsv.Write, which checks the Ctrl-C token per
        // batch (ML.NET's own cursors do not look at PoseML's token), so the write stops and leaves no file.
        var data = SyntheticPoses.Create(subjects: 4, framesPerSubject: 600);
        var dir = Path.Combine(_dir, "predict-cancel");
        Directory.CreateDirectory(dir);
        using var cancel = new CancellationTokenSource();
        var ml = new MLContext(1);
        ml.SetPoseCancellation(cancel.Token);
        var model = ml.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D, fixZero: false).Append(ml.Transforms.LinearLifter()).Fit(data);
        var source = new CancelAfterFirstBatch(data, cancel);
        var path = Path.Combine(dir, "out.csv");
        // ML.NET may wrap the cancellation in its own InvalidOperationException (measured: when its cursor is disposed
        // mid-read); CliApp looks through the wrapping and still exits with 130.
        var thrown = Assert.Throws<Exception>(() =>
            PoseCsv.Write(model.Transform(source.WithCancellation(cancel.Token)), path, Skeletons.Human36M17, PoseColumns.PredictedPose3D, cancellationToken: cancel.Token));
        Assert.IsInstanceOfType<OperationCanceledException>(CliApp.Unwrap(thrown), thrown.ToString());
        Assert.IsFalse(File.Exists(path));
        Assert.AreEqual(0, TemporaryFiles(dir).Length);
    }

    [TestMethod]
    public void AtomicFile_DeletesTemporaryFilesOfProcessesThatNoLongerRun()
    {
        var dir = Path.Combine(_dir, "stale");
        Directory.CreateDirectory(dir);
        int deadPid;
        using (var p = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!)
        {
            p.WaitForExit();
            deadPid = p.Id;
        }
        var stale = Path.Combine(dir, $".out.csv.{deadPid}.{Guid.NewGuid():N}.tmp");
        var live = Path.Combine(dir, $".out.csv.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var other = Path.Combine(dir, $".other.csv.{deadPid}.{Guid.NewGuid():N}.tmp");
        foreach (var f in new[] { stale, live, other }) File.WriteAllText(f, "partial");
        AtomicFile.WriteText(Path.Combine(dir, "out.csv"), w => w.Write("done"));
        Assert.IsFalse(File.Exists(stale), "the temporary file of a dead process is deleted");
        Assert.IsTrue(File.Exists(live), "a running process's temporary file is kept");
        Assert.IsTrue(File.Exists(other), "only the target's own temporary files are touched");
        Assert.AreEqual("done", File.ReadAllText(Path.Combine(dir, "out.csv")));
    }

    [TestMethod]
    public void Predict_Sigint_ExitsWithin_AboutASecond_With130_AndLeavesNoFile()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("sends SIGINT with kill -INT");
        var (code, seconds, error, files) = RunAndInterrupt(interruptAfter: TimeSpan.FromSeconds(2.5));
        Assert.AreEqual(CliApp.Cancelled, code, error);
        StringAssert.Contains(error, "poseml: cancelled");
        Assert.IsTrue(seconds < 2.5, $"stopped {seconds:0.0} s after SIGINT");
        Assert.AreEqual(0, files.Length, string.Join(", ", files));
    }

    /// <summary>Runs <c>poseml predict</c> on a large table in a child process, sends SIGINT after
    /// <paramref name="interruptAfter"/> and returns the exit code, the seconds from SIGINT to exit, stderr and the
    /// files left in the output folder.</summary>
    private static (int Code, double Seconds, string Error, string[] Files) RunAndInterrupt(TimeSpan interruptAfter)
    {
        var dir = Path.Combine(_dir, $"sigint-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var big = Path.Combine(dir, "big2d.csv");
        PoseCsv.Write(SyntheticPoses.Create(subjects: 8, framesPerSubject: 12000), big, Skeletons.Human36M17, PoseColumns.Keypoints2D);
        var model = Path.Combine(dir, "m.zip");
        var (trainCode, _, trainError) = CliRunner.Run("train", "--preset", "dpcn", "--train", _csv2d, _csv3d, "--out", model,
            "--epochs", "1", "--width", "32", "--blocks", "1", "--batch-size", "16");
        Assert.AreEqual(0, trainCode, trainError);
        var outDir = Path.Combine(dir, "out");
        Directory.CreateDirectory(outDir);
        var cli = Path.Combine(AppContext.BaseDirectory, "PoseML.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { cli, "predict", "--model", model, "--in", big, "--out", Path.Combine(outDir, "x.csv") }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        Assert.IsFalse(process.WaitForExit(interruptAfter), "predict finished before the signal; make the input larger");
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        var clock = Stopwatch.StartNew();
        if (!process.WaitForExit(TimeSpan.FromSeconds(20))) process.Kill();
        process.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        return (process.ExitCode, seconds, stderr.Result, Directory.GetFiles(outDir, "*", new EnumerationOptions { AttributesToSkip = 0 }));
    }

    [TestMethod]
    public void PreCancelled_ProjectAndEvaluate_Exit130WithoutOutput()
    {
        var dir = Path.Combine(_dir, "precancel");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var saved = CliCancellation.Token;
        CliCancellation.Token = cancel.Token;
        try
        {
            var (code, _, error) = CliRunner.Run("data", "project", "--in", _csv3d, "--out", dir);
            Assert.AreEqual(CliApp.Cancelled, code, error);
            Assert.IsFalse(Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any());
            var report = Path.Combine(_dir, "report.json");
            (code, _, error) = CliRunner.Run("evaluate", "--pred", _csv3d, "--gt", _csv3d, "--out", report);
            Assert.AreEqual(CliApp.Cancelled, code, error);
            Assert.IsFalse(File.Exists(report));
        }
        finally
        {
            CliCancellation.Token = saved;
        }
    }

    [TestMethod]
    [DataRow("train")]
    [DataRow("predict")]
    [DataRow("sweep")]
    [DataRow("convert")]
    [DataRow("rarity")]
    [DataRow("evaluate")]
    [DataRow("quickstart")]
    public void UnwritableOut_FailsBeforeTheWork_NamingTheUsersPath(string command)
    {
        var blocker = Path.Combine(_dir, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var outPath = Path.Combine(blocker, "x.out");
        var model = Path.Combine(_dir, "no-such-model.zip"); // the check must come before the model is read
        string[] args = command switch
        {
            "train" => ["train", "--train", _csv2d, _csv3d, "--out", outPath, "--epochs", "1", "--width", "16"],
            "predict" => ["predict", "--model", model, "--in", _csv2d, "--out", outPath],
            "sweep" => ["sweep", "--data", _csv2d, _csv3d, "--trials", "1", "--log", Path.Combine(_dir, $"log-{Guid.NewGuid():N}.jsonl"), "--out", outPath],
            "convert" => ["data", "convert", "--from", "bvh", "--in", Path.Combine(_dir, "missing.bvh"), "--out", outPath],
            "rarity" => ["rarity", "--ref", _csv3d, "--in", _csv3d, "--out", outPath],
            "evaluate" => ["evaluate", "--pred", _csv3d, "--gt", _csv3d, "--out", outPath],
            _ => ["quickstart", "--out", outPath],
        };
        var (code, output, error) = CliRunner.Run(args);
        Assert.AreEqual(CliApp.InputError, code, error);
        StringAssert.StartsWith(error, $"poseml: error: cannot write");
        StringAssert.Contains(error, outPath);
        Assert.IsFalse(error.Contains(".tmp", StringComparison.Ordinal), error);
        Assert.AreEqual(1, error.TrimEnd().Split('\n').Length, error);
        Assert.AreEqual("", output, "nothing ran");
    }

    [TestMethod]
    public void Train_OutUnderProc_FailsBeforeTraining()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("/proc is Linux's");
        var (code, output, error) = CliRunner.Run("train", "--train", _csv2d, _csv3d, "--out", "/proc/x.zip", "--epochs", "1", "--width", "16");
        Assert.AreEqual(CliApp.InputError, code);
        StringAssert.StartsWith(error, "poseml: error: cannot write '/proc/x.zip'");
        Assert.IsFalse(error.Contains(".tmp", StringComparison.Ordinal), error);
        Assert.AreEqual("", output);
    }

    [TestMethod]
    public void Train_ReportsTrainingAndValidationFramesSeparately()
    {
        var model = Path.Combine(_dir, "frames.zip");
        var (code, output, error) = CliRunner.Run("train", "--train", _csv2d, _csv3d, "--out", model, "--epochs", "1", "--width", "16", "--blocks", "1");
        Assert.AreEqual(0, code, error);
        // 4 subjects x 30 rows: the last subject (S4, 30 rows) is held out for early stopping.
        StringAssert.Contains(output, "trained on 90 frames, validated on 30 frames (held-out subject S4)");
    }

    [TestMethod]
    public void Sweep_Halving_SaysHowManyTrialsRunAndWhy()
    {
        var (code, output, error) = CliRunner.Run("sweep", "--data", _csv2d, _csv3d, "--tuner", "halving", "--trials", "3",
            "--log", Path.Combine(_dir, $"halving-{Guid.NewGuid():N}.jsonl"), "--out", Path.Combine(_dir, "halving.zip"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "halving: --trials 3 configurations in rung 0, each later rung keeps the best 1/3: 3 + 1 + 1 = 5 trials (for at most 3 in all, pass --trials 1)");
        var (_, help, _) = CliRunner.Run("sweep", "--help");
        StringAssert.Contains(help, "27 + 9 + 3 = 39");
    }

    [TestMethod]
    public void LineProgress_NestedPipelineRestartingPerTrial_IsNotRepeatedEachTrial()
    {
        var writer = new StringWriter();
        IProgress<PipelineProgress> progress = new ProgressDisplay.LineProgress(writer);
        progress.Report(new PipelineProgress("Sweep", 0, 5, "trial 1"));
        for (var trial = 0; trial < 5; trial++)
        {
            if (trial > 0) progress.Report(new PipelineProgress("Sweep", trial, 5, $"trial {trial + 1}"));
            progress.Report(new PipelineProgress("Pipeline", 0, 2, "fitting NormalizeMeanVariance"));
            progress.Report(new PipelineProgress("Pipeline", 2, 2, "fitted"));
        }
        progress.Report(new PipelineProgress("Sweep", 5, 5, "done"));
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Count(l => l.StartsWith("[Pipeline]", StringComparison.Ordinal)), writer.ToString());
        Assert.AreEqual("[Sweep] 5/5 100% done", lines[^1]);
    }

    [TestMethod]
    public void Usage_NamesTheCommandPoseml_AndTrainHelpWarnsAboutTheDefaults()
    {
        var (_, help, _) = CliRunner.Run("train", "--help");
        StringAssert.Contains(help, "poseml train [options]");
        Assert.IsFalse(help.Contains("PoseML.Cli", StringComparison.Ordinal));
        StringAssert.Contains(help, "hours on a 2-core CPU");
        StringAssert.Contains(help, "--width 256 --epochs 10");
    }
}
