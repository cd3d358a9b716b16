using PoseML.Cli;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Stages.GroupLifters;
using PoseML.Tests.Cli;
using PoseML.Tests.Pipeline;
using PoseML.Tests.Stages.DeepPoseConsensus;

namespace PoseML.Tests.Onnx;

[TestClass]
public sealed class ExportCommandTests
{
    private static string NewFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"poseml-export-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    [TestMethod]
    public void ExportOfADpcnModel_WritesTheGroupLifters_AndSaysTheConsensusStays()
    {
        var dir = NewFolder();
        try
        {
            var data = LiftingTestData.Small;
            var ctx = new PoseContext(1);
            var chain = ctx.Lifting.DeepPoseConsensus(LiftingTestData.TinyDpcn).Fit(data);
            var model = Path.Combine(dir, "model.zip");
            ctx.Model.Save(chain, data.Columns(), model);
            var onnx = Path.Combine(dir, "lifters.onnx");
            var (code, output, error) = CliRunner.Run("export", "--model", model, "--onnx", onnx);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "wrote " + onnx);
            StringAssert.Contains(output, "opset 17");
            StringAssert.Contains(output, "consensus");

            // The file is the saved lifters' row computation.
            var lifters = chain.Transformers.OfType<GroupLifterTransformer>().Single();
            var scored = lifters.Transform(data).Cache();
            var keypoints = scored.Column(PoseColumns.Keypoints2D).Floats.ToArray();
            var rows = (int)scored.RowCount!.Value;
            var bytes = File.ReadAllBytes(onnx);
            OrtRunner.AssertDeclaresOpset(bytes);
            OrtRunner.AssertClose(scored.Column(Defaults.OutputColumnName).Floats.ToArray(), OrtRunner.Run(bytes, keypoints, rows, 34), "exported DPCN lifters");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void ExportErrors_AreOneLine()
    {
        var dir = NewFolder();
        try
        {
            var (code, _, error) = CliRunner.Run("export", "--model", Path.Combine(dir, "missing.zip"), "--onnx", Path.Combine(dir, "x.onnx"));
            Assert.AreEqual(CliApp.InputError, code);
            Assert.AreEqual(1, error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, error);
            StringAssert.StartsWith(error, "poseml: error: ");

            var data = SyntheticPoses.Create(subjects: 2, framesPerSubject: 5);
            var ctx = new PoseContext(1);
            var model = Path.Combine(dir, "norm.zip");
            ctx.Model.Save(ctx.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D).Fit(data), data.Columns(), model);
            (code, _, error) = CliRunner.Run("export", "--model", model, "--onnx", Path.Combine(dir, "x.onnx"));
            Assert.AreEqual(CliApp.InputError, code);
            Assert.AreEqual(1, error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, error);
            StringAssert.Contains(error, "no network stage to export");
            Assert.IsFalse(File.Exists(Path.Combine(dir, "x.onnx")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
