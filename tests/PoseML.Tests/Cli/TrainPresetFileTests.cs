

namespace PoseML.Tests.Cli;

/// <summary><c>train --preset FILE.json</c>: keys are the flags without '--'; anything else is an error naming the key.</summary>
[TestClass]
public sealed class TrainPresetFileTests
{
    private static string _dir = "";
    private static string _data = "";

    [ClassInitialize]
    public static void MakeData(TestContext _)
    {
        _dir = Path.Combine(Path.GetTempPath(), $"poseml-preset-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
        _data = Path.Combine(_dir, "synth");
        Assert.AreEqual(0, CliRunner.Run("data", "synth", "--out", _data, "--subjects", "3", "--frames", "8").Code);
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err, string Model, string Preset) Train(string json, params string[] extra)
    {
        var preset = Path.Combine(_dir, $"p{Guid.NewGuid():N}.json");
        File.WriteAllText(preset, json);
        var model = Path.Combine(_dir, $"m{Guid.NewGuid():N}.zip");
        var (code, output, error) = CliRunner.Run(["train", "--preset", preset, "--train", _data, "--out", model, .. extra]);
        return (code, output, error, model, preset);
    }

    [TestMethod]
    public void KeysSpeltAsTheFlags_SetThoseOptions()
    {
        var (code, output, error, model, _) = Train("""{"width": 16, "epochs": 1, "batch-size": 32, "strategy": "body-parts", "solver": "l1", "no-aggregation": true}""");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "epochs run: 1,");
        StringAssert.Contains(output, "6 joint groups over 17 joints", "strategy body-parts from the file");
        Assert.IsTrue(File.Exists(model));
    }

    [TestMethod]
    public void AggregationKey_PicksTheReading_AndAnUnknownOneIsAnErrorListingThem()
    {
        var (code, output, error, _, _) = Train("""{"preset": "dpcn-paper", "width": 16, "epochs": 1, "batch-size": 32, "strategy": "body-parts", "aggregation": "robust-consensus"}""");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "epochs run: 1,");
        (code, _, error, _, _) = Train("""{"width": 16, "aggregation": "sideways"}""");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "unknown aggregation 'sideways'; expected none, through-consensus, stop-gradient or robust-consensus");
    }

    [TestMethod]
    public void FlagsOverrideTheFile_AndTheFileCanStartFromANamedPreset()
    {
        var (code, output, error, _, _) = Train("""{"preset": "martinez", "width": 16, "epochs": 3, "batch-size": 32}""", "--epochs", "1");
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "epochs run: 1,");
        StringAssert.Contains(output, "1 joint groups over 17 joints", "martinez: one group of all joints");
    }

    [TestMethod]
    public void MisCasedOrUnknownKey_IsAnErrorNamingTheKeyAndListingTheAcceptedOnes()
    {
        var (code, _, error, model, preset) = Train("""{"Width": 16, "Epochs": 1}""");
        Assert.AreEqual(1, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, error);
        StringAssert.Contains(error, $"{preset}: field 'Width': unknown key (did you mean 'width'?");
        StringAssert.Contains(error, "preset, epochs, width, blocks, batch-size, lr");
        Assert.IsFalse(File.Exists(model));

        (code, _, error, _, _) = Train("""{"widht": 16}""");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "field 'widht': unknown key; a preset file is one flat object");
    }

    [TestMethod]
    public void WrongTypeOrNesting_IsAnErrorNamingTheKey()
    {
        var (code, _, error, model, preset) = Train("""{"width": "abc"}""");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, $"{preset}: field 'width': expected an integer, found the string \"abc\"");
        Assert.IsFalse(File.Exists(model));

        (code, _, error, _, _) = Train("""{"Lifter": {"Width": 16}}""");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "field 'Lifter': unknown key");

        (code, _, error, _, _) = Train("""{"width": {"value": 16}}""");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "field 'width': expected an integer, found an object (settings are not nested)");

        (code, _, error, _, _) = Train("""{"strategy": "best"}""");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "field 'strategy': unknown strategy 'best'");

        (code, _, error, _, _) = Train("""[16]""");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "expected a JSON object of train settings");
    }

    [TestMethod]
    public void OutOfRangeValue_IsNamedAsTheUserWroteIt()
    {
        var (code, _, error, _, preset) = Train("""{"width": 0}""");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, $"{preset}: field 'width': must be >= 1, got 0");

        var model = Path.Combine(_dir, "flag.zip");
        (code, _, error) = CliRunner.Run("train", "--preset", "dpcn", "--train", _data, "--out", model, "--width", "0");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "option '--width': must be >= 1, got 0");
        (code, _, error) = CliRunner.Run("train", "--train", _data, "--out", model, "--groups-size", "1");
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "option '--groups-size': must be >= 2, got 1");
        Assert.IsFalse(error.Contains("GroupSize", StringComparison.Ordinal), error);
    }

    [TestMethod]
    public void TrainHelp_DocumentsThePresetFileKeys()
    {
        var (code, output, _) = CliRunner.Run("train", "--help");
        Assert.AreEqual(0, code);
        var flat = string.Join(" ", output.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        StringAssert.Contains(flat, "spelt exactly as the flags");
        StringAssert.Contains(flat, "batch-size");
        StringAssert.Contains(flat, "Unknown keys and values of the wrong type are errors");
    }
}
