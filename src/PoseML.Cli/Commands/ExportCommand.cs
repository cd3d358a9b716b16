using System.CommandLine;
using System.Globalization;
using PoseML.Core;
using PoseML.Onnx;
using PoseML.Pipeline;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.PoseConsensus;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml export</c>: writes the network stage of a saved model as an ONNX file, to serve it outside
/// .NET. For a DPCN or Martinez model that is the group lifters (raw 2D keypoints → stacked group estimates in
/// mm); the consensus that follows them is an optimisation, not a network, and stays in PoseML. A linear-lifter
/// model exports its regression.</summary>
internal static class ExportCommand
{
    internal static Command Create()
    {
        var modelPath = new Option<string>("--model") { Description = "Model zip written by 'poseml train' (or any saved model with a lifter stage)", Required = true };
        var onnx = new Option<string>("--onnx") { Description = "ONNX file to write (atomically)", Required = true };
        var bare = new Option<bool>("--bare-network") { Description = "Export the bare network (z-scored, padded inputs → normalised outputs) without the stage's normalisation and joint gathers" };
        var layout = new Option<string>("--group-layout")
        {
            Description = "Layout of grouped lifters: batched (one batched MatMul per layer) or per-group (Split, one Gemm chain per group, Concat)",
            DefaultValueFactory = _ => "batched",
        };
        var command = new Command("export", "Export the network stage of a saved model as an ONNX file (opset " +
            OnnxFormat.Opset.ToString(CultureInfo.InvariantCulture) + ")") { modelPath, onnx, bare, layout };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var groupLayout = parse.GetValue(layout) switch
            {
                "batched" => OnnxGroupLayout.BatchedMatMul,
                "per-group" => OnnxGroupLayout.PerGroupGemm,
                var other => throw new InvalidOptionException("--group-layout", $"expected batched or per-group, got '{other}'"),
            };
            var path = parse.GetValue(modelPath)!;
            var ctx = new PoseContext(0) { CancellationToken = CliCancellation.Token };
            var stages = Flatten(ctx.Model.Load(path, out _)).ToList();
            var exportable = stages.Where(OnnxExport.CanExport).ToList();
            if (exportable.Count == 0)
                throw new InvalidOptionException("--model", $"{path} has no network stage to export (stages: {string.Join(", ", stages.Select(s => s.GetType().Name))})");
            if (exportable.Count > 1)
                throw new InvalidOptionException("--model", $"{path} has {exportable.Count} network stages; export handles models with one");
            var stage = exportable[0];
            var options = new OnnxExportOptions { IncludeNormalization = !parse.GetValue(bare), GroupLayout = groupLayout };
            var outPath = parse.GetValue(onnx)!;
            OnnxExport.Save(stage, outPath, options);
            var what = stage is GroupLifterTransformer g
                ? string.Create(CultureInfo.InvariantCulture, $"group lifters ({g.Groups.GroupCount} group{(g.Groups.GroupCount == 1 ? "" : "s")} over {g.Groups.JointCount} joints, {g.Groups.RowCount} rows)")
                : "linear lifter";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outPath}: {what}, ONNX opset {OnnxFormat.Opset}, input '{options.InputName}' float[batch,{InputSize(stage, options)}] → output '{options.OutputName}' float[batch,{OutputSize(stage, options)}]"));
            if (stages.Any(s => s is PoseConsensusTransformer))
                writer.WriteLine("note: the consensus stage is an optimisation, not a network, and is not in the ONNX file; it stays in PoseML");
            return 0;
        });
        return command;
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is ITransformerChain chain ? chain.Transformers.SelectMany(Flatten) : [model];

    private static int InputSize(ITransformer stage, OnnxExportOptions options) => stage switch
    {
        GroupLifterTransformer g => options.IncludeNormalization ? g.Groups.JointCount * 2 : g.Groups.GroupCount * 2 * g.Groups.Groups.Max(m => m.Length),
        Stages.Regression.LinearLifterTransformer l => l.InputType.ElementCount,
        _ => 0,
    };

    private static int OutputSize(ITransformer stage, OnnxExportOptions options) => stage switch
    {
        GroupLifterTransformer g => options.IncludeNormalization ? g.Groups.RowCount * 3 : g.Groups.GroupCount * 3 * g.Groups.Groups.Max(m => m.Length),
        Stages.Regression.LinearLifterTransformer l => l.OutputType.ElementCount,
        _ => 0,
    };
}
