using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using PoseML.Cli;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Tests.Pipeline;
using PoseML.Stages.GroupLifters;
using PoseML.Tests.Cli;
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
    public void ExportOfAnMLNetDpcnModel_WritesTheSavedGroupLifterGraph_AndSaysTheConsensusStays()
    {
        var dir = NewFolder();
        try
        {
            var data = LiftingTestData.Small;
            var ml = new MLContext(1);
            var chain = ml.Transforms.DeepPoseConsensus(LiftingTestData.TinyDpcn).Fit(data);
            var model = Path.Combine(dir, "model.zip");
            ml.Model.Save(chain, data.Schema, model);
            var onnx = Path.Combine(dir, "lifters.onnx");
            var (code, output, error) = CliRunner.Run("export", "--model", model, "--onnx", onnx);
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "wrote " + onnx);
            StringAssert.Contains(output, "opset 17");
            StringAssert.Contains(output, "consensus");

            // The file is the graph the model was saved with: the fitted lifters' own ONNX form, byte for byte ...
            var lifters = chain.OfType<GroupLifterTransformer>().Single();
            var bytes = File.ReadAllBytes(onnx);
            CollectionAssert.AreEqual(lifters.ToOnnx(), bytes);
            OrtRunner.AssertDeclaresOpset(bytes);

            // ... and ONNX Runtime running it row by row reproduces the in-process lifters' output.
            var scored = lifters.Transform(data).Cache();
            var keypoints = scored.Column(PoseColumns.Keypoints2D).Floats.ToArray();
            var expected = scored.Column(GroupLifterDefaults.OutputColumnName).Floats.ToArray();
            var rows = (int)scored.RowCount!.Value;
            var actual = new List<float>();
            using (var session = new InferenceSession(bytes))
            {
                var input = session.InputMetadata.Keys.Single();
                var outputName = session.OutputMetadata.Keys.Single();
                for (var r = 0; r < rows; r++)
                {
                    using var x = OrtValue.CreateTensorValueFromMemory(keypoints[(r * 34)..((r + 1) * 34)], [17, 2]);
                    using var run = new RunOptions();
                    using var y = session.Run(run, [input], [x], [outputName]);
                    actual.AddRange(y[0].GetTensorDataAsSpan<float>().ToArray());
                }
            }
            OrtRunner.AssertClose(expected, [.. actual], "exported DPCN lifters");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void ExportErrors_AreOneLine_AndNameTheProblem()
    {
        var dir = NewFolder();
        try
        {
            var (code, _, error) = CliRunner.Run("export", "--model", Path.Combine(dir, "missing.zip"), "--onnx", Path.Combine(dir, "x.onnx"));
            Assert.AreEqual(CliApp.InputError, code);
            Assert.AreEqual(1, error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, error);
            StringAssert.StartsWith(error, "poseml: error: ");

            // An ML.NET model without a network (ML.NET's own normaliser only).
            var data = SyntheticPoses.Create(subjects: 2, framesPerSubject: 5);
            var ml = new MLContext(1);
            var model = Path.Combine(dir, "norm.zip");
            ml.Model.Save(ml.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D, fixZero: false).Fit(data), data.Schema, model);
            (code, _, error) = CliRunner.Run("export", "--model", model, "--onnx", Path.Combine(dir, "x.onnx"));
            Assert.AreEqual(CliApp.InputError, code);
            Assert.AreEqual(1, error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, error);
            StringAssert.Contains(error, "no network stage to export");
            Assert.IsFalse(File.Exists(Path.Combine(dir, "x.onnx")));

            // The bare network cannot be rebuilt from a saved graph: said, with the alternative.
            (code, _, error) = CliRunner.Run("export", "--model", model, "--onnx", Path.Combine(dir, "x.onnx"), "--bare-network");
            Assert.AreEqual(CliApp.InputError, code);
            StringAssert.Contains(error, "option '--bare-network'");
            Assert.AreEqual(1, error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
