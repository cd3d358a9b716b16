using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using PoseML.Nn;
using PoseML.Nn.Init;
using PoseML.Nn.Modules;
using PoseML.Nn.Networks;
using PoseML.Onnx;
using PoseML.Pipeline;
using PoseML.Stages.DeepPoseConsensus;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.JointGrouping;
using PoseML.Stages.Regression;
using GroupDefaults = PoseML.Stages.GroupLifters.GroupLifterDefaults;
using LinearDefaults = PoseML.Stages.Regression.LinearLifterDefaults;
using PoseML.Tests.Pipeline;
using PoseML.Tests.Stages.DeepPoseConsensus;

namespace PoseML.Tests.Onnx;

[TestClass]
public sealed class OnnxExportTests
{
    private static IEnumerable<Module> AllModules(Module m) => m.Children.SelectMany(c => AllModules(c.Module)).Prepend(m);

    /// <summary>A seeded network whose BatchNorms have non-trivial running statistics and affine parameters.</summary>
    private static LifterNetwork RandomNetwork(int groups, LifterActivation activation, int width = 32, int blocks = 2, int seed = 1)
    {
        var net = new LifterNetwork(new LifterNetworkOptions
        {
            InputFeatures = 2 * 5, OutputFeatures = 3 * 5, Width = width, ResidualBlocks = blocks, Groups = groups, Activation = activation, Seed = seed,
        });
        var random = new Random(seed + 100);
        foreach (var bn in AllModules(net).OfType<BatchNorm1d>())
        {
            for (var i = 0; i < bn.Features; i++)
            {
                bn.RunningMean.Span[i] = (float)(random.NextDouble() - 0.5);
                bn.RunningVar.Span[i] = (float)(0.2 + random.NextDouble() * 2);
                bn.Weight!.Value.Span[i] = (float)(0.5 + random.NextDouble());
                bn.Bias!.Value.Span[i] = (float)(random.NextDouble() - 0.5) * 0.4f;
            }
        }
        return net;
    }

    private static float[] RandomInput(int rows, int columns, int seed)
    {
        var x = new float[rows * columns];
        WeightInit.Normal(x, 0, 1, new Random(seed));
        return x;
    }

    private static float[] Forward(LifterNetwork net, float[] x, int rows)
    {
        net.Eval();
        return net.Forward(new Tensor(x, rows, net.InputSize)).Span.ToArray();
    }

    [TestMethod]
    [DataRow(LifterActivation.ReLU)]
    [DataRow(LifterActivation.LeakyReLU)]
    public void SingleLifterNetwork_MatchesOurEvalForward(LifterActivation activation)
    {
        var net = RandomNetwork(1, activation);
        net.Train(); // export gives the evaluation-mode function whatever the mode
        var bytes = OnnxExport.ToOnnxBytes(net);
        OrtRunner.AssertDeclaresOpset(bytes);
        var ops = OrtRunner.OpTypes(bytes);
        Assert.AreEqual(6, ops.Count(o => o == "Gemm"), "input, 2 × 2 block layers, output");
        Assert.IsFalse(ops.Contains("BatchNormalization") || ops.Contains("Dropout"), "BatchNorm folded, Dropout dropped");
        var x = RandomInput(7, net.InputSize, 2);
        OrtRunner.AssertClose(Forward(net, x, 7), OrtRunner.Run(bytes, x, 7, net.InputSize), $"lifter {activation}");
    }

    [TestMethod]
    [DataRow(OnnxGroupLayout.BatchedMatMul)]
    [DataRow(OnnxGroupLayout.PerGroupGemm)]
    public void GroupedLifterNetwork_MatchesOurEvalForward_InBothLayouts(OnnxGroupLayout layout)
    {
        var net = RandomNetwork(3, LifterActivation.LeakyReLU, width: 24);
        var bytes = OnnxExport.ToOnnxBytes(net, new OnnxExportOptions { GroupLayout = layout });
        OrtRunner.AssertDeclaresOpset(bytes);
        var ops = OrtRunner.OpTypes(bytes);
        if (layout == OnnxGroupLayout.BatchedMatMul) Assert.AreEqual(6, ops.Count(o => o == "MatMul"));
        else Assert.AreEqual(3 * 6, ops.Count(o => o == "Gemm"));
        var x = RandomInput(5, net.InputSize, 3);
        OrtRunner.AssertClose(Forward(net, x, 5), OrtRunner.Run(bytes, x, 5, net.InputSize), $"grouped {layout}");
    }

    [TestMethod]
    public void Network_BatchOfOneAndOfZero_Run()
    {
        var net = RandomNetwork(2, LifterActivation.ReLU, width: 16, blocks: 1);
        var bytes = OnnxExport.ToOnnxBytes(net);
        var x = RandomInput(1, net.InputSize, 4);
        OrtRunner.AssertClose(Forward(net, x, 1), OrtRunner.Run(bytes, x, 1, net.InputSize), "batch 1");
        Assert.AreEqual(0, OrtRunner.Run(bytes, [], 0, net.InputSize).Length);
    }

    private static readonly JointGroups UnequalGroups = new(17, [[0, 1, 2, 3, 4], [4, 5, 6, 7], [7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [16, 0, 8]]);

    private static (float[] Keypoints, float[] Expected, int Rows) StageRun(ITransformer stage, IDataView data, string input, string output)
    {
        var scored = stage.Transform(data).Cache();
        return (scored.ReadFloats(input), scored.ReadFloats(output), (int)scored.CountRows());
    }

    [TestMethod]
    [DataRow(OnnxGroupLayout.BatchedMatMul)]
    [DataRow(OnnxGroupLayout.PerGroupGemm)]
    public void GroupLifterStage_WithUnequalGroups_IsADropInForItsRowComputation(OnnxGroupLayout layout)
    {
        var data = LiftingTestData.Small;
        var stage = new MLContext(1).Transforms.GroupLifters(UnequalGroups, LiftingTestData.TinyLifter with { Seed = 3 }).Fit(data);
        var (keypoints, expected, rows) = StageRun(stage, data, PoseColumns.Keypoints2D, GroupDefaults.OutputColumnName);
        using var stream = new MemoryStream();
        ModelOnnxExport.Save(stage, stream, new OnnxExportOptions { GroupLayout = layout });
        var bytes = stream.ToArray();
        OrtRunner.AssertDeclaresOpset(bytes);
        CollectionAssert.IsSubsetOf(new[] { "Sub", "Div", "Pad", "Gather", "Mul", "Add" }, OrtRunner.OpTypes(bytes));
        OrtRunner.AssertClose(expected, OrtRunner.Run(bytes, keypoints, rows, 17 * 2), $"group lifters {layout}");
    }

    [TestMethod]
    public void GroupLifterStage_BareNetwork_MatchesTheNetworkForward()
    {
        var data = LiftingTestData.Small;
        var stage = new MLContext(1).Transforms.GroupLifters(UnequalGroups, LiftingTestData.TinyLifter with { Seed = 3 }).Fit(data);
        var bytes = ModelOnnxExport.ToOnnxBytes(stage, new OnnxExportOptions { IncludeNormalization = false, InputName = "x", OutputName = "y" });
        var net = stage.Engine.Network;
        var x = RandomInput(6, net.InputSize, 5);
        OrtRunner.AssertClose(Forward(net, x, 6), OrtRunner.Run(bytes, x, 6, net.InputSize, "x", "y"), "bare network");
    }

    [TestMethod]
    public void MartinezChain_ExportsItsLifterStage_MatchingTheTransformerOutput()
    {
        var data = LiftingTestData.Small;
        var chain = new MLContext(1).Transforms.Martinez(LiftingTestData.TinyMartinez.Lifter with { Seed = 3 }).Fit(data);
        var stage = chain.OfType<GroupLifterTransformer>().Single();
        Assert.AreEqual(1, stage.Groups.GroupCount);
        Assert.IsTrue(ModelOnnxExport.CanExport(chain), "a fitted Martinez chain holds one exportable lifter stage");
        var (keypoints, expected, rows) = StageRun(stage, data, PoseColumns.Keypoints2D, GroupDefaults.OutputColumnName);
        var bytes = ModelOnnxExport.ToOnnxBytes(chain);
        CollectionAssert.AreEqual(ModelOnnxExport.ToOnnxBytes(stage), bytes, "the chain exports its group-lifter stage");
        var ops = OrtRunner.OpTypes(bytes);
        Assert.IsFalse(ops.Contains("Pad") || ops.Contains("Gather"), "one group of all joints in order: no gathers");
        Assert.IsTrue(ops.Contains("Relu"));
        OrtRunner.AssertClose(expected, OrtRunner.Run(bytes, keypoints, rows, 17 * 2), "Martinez");
    }

    [TestMethod]
    public void LinearLifterStage_MatchesTheTransformerOutput()
    {
        var data = SyntheticPoses.Create(subjects: 2, framesPerSubject: 20);
        var stage = new MLContext(1).Transforms.LinearLifter(l2: 1e-2).Fit(data);
        var (keypoints, expected, rows) = StageRun(stage, data, PoseColumns.Keypoints2D, LinearDefaults.OutputColumnName);
        var bytes = ModelOnnxExport.ToOnnxBytes(stage);
        OrtRunner.AssertDeclaresOpset(bytes);
        CollectionAssert.AreEqual(new[] { "Gemm" }, OrtRunner.OpTypes(bytes));
        OrtRunner.AssertClose(expected, OrtRunner.Run(bytes, keypoints, rows, 17 * 2), "linear lifter");
    }

    [TestMethod]
    public void Save_ToPath_WritesTheSameBytesAtomically()
    {
        var net = RandomNetwork(1, LifterActivation.ReLU, width: 8, blocks: 1);
        var dir = Path.Combine(Path.GetTempPath(), $"poseml-onnx-{Guid.NewGuid():N}");
        try
        {
            var path = Path.Combine(dir, "net.onnx");
            OnnxExport.Save(net, path);
            CollectionAssert.AreEqual(OnnxExport.ToOnnxBytes(net), File.ReadAllBytes(path));
            Assert.AreEqual(1, Directory.GetFiles(dir).Length, "no temporary file left behind");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void NonNetworkStage_IsRejectedWithAnOptionError()
    {
        var data = SyntheticPoses.Create(subjects: 2, framesPerSubject: 5);
        var ml = new MLContext(1);
        var normalizer = ml.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D, fixZero: false).Fit(data);
        Assert.IsFalse(ModelOnnxExport.CanExport(normalizer));
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => ModelOnnxExport.ToOnnxBytes(normalizer));
        StringAssert.Contains(e.Message, "no network to export");
        var twoLifters = ml.Transforms.LinearLifter(l2: 1e-2).Append(ml.Transforms.LinearLifter(outputColumnName: "Again", l2: 1e-2)).Fit(data);
        Assert.IsFalse(ModelOnnxExport.CanExport(twoLifters), "a chain with two network stages is ambiguous");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOptionException>(() => ModelOnnxExport.ToOnnxBytes(twoLifters)).Message, "2 network stages");
        Assert.ThrowsExactly<InvalidOptionException>(() => OnnxExport.ToOnnxBytes(RandomNetwork(1, LifterActivation.ReLU, 8, 1),
            new OnnxExportOptions { InputName = "a", OutputName = "a" }));
    }
}
