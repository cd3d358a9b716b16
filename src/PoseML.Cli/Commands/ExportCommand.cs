using System.CommandLine;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using PoseML.Core;
using PoseML.Onnx;

namespace PoseML.Cli.Commands;

/// <summary><c>poseml export</c>: writes the network stage of a saved ML.NET model as an ONNX file, to serve it outside
/// .NET. A PoseML model saves each network as an ONNX graph applied by ML.NET's <c>ApplyOnnxModel</c>; this command
/// reads that graph back out of the model file, so the file is exactly what the model runs: for a DPCN or Martinez
/// model the group lifters (raw 2D keypoints → stacked group estimates in mm, normalisation included), for a
/// linear-lifter model its regression. The consensus that follows the lifters is an optimisation, not a network,
/// and stays in PoseML. A loaded model keeps only its graph, not the network, so the bare network or another group
/// layout cannot be rebuilt from it.</summary>
internal static class ExportCommand
{
    internal static Command Create()
    {
        var modelPath = new Option<string>("--model") { Description = "ML.NET model zip written by 'poseml train' (or any saved model with one network stage)", Required = true };
        var onnx = new Option<string>("--onnx") { Description = "ONNX file to write (atomically)", Required = true };
        var bare = new Option<bool>("--bare-network") { Description = "Not available for a saved model (it keeps only the graph it runs, normalisation included); kept to explain so" };
        var layout = new Option<string>("--group-layout")
        {
            Description = "Only 'batched' (the layout a saved model runs); a saved model cannot be re-laid out",
            DefaultValueFactory = _ => "batched",
        };
        var command = new Command("export", "Export the network stage of a saved model as an ONNX file (the graph the model runs; opset " +
            OnnxFormat.Opset.ToString(CultureInfo.InvariantCulture) + "). To export at training time use 'poseml train --onnx PATH'") { modelPath, onnx, bare, layout };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var outPath = parse.GetValue(onnx)!;
            AtomicFile.EnsureWritable(outPath);
            if (parse.GetValue(bare))
                throw new InvalidOptionException("--bare-network", "a saved model keeps only the ONNX graph it runs (normalisation included), not the network, so the bare network cannot be rebuilt from it");
            if (parse.GetValue(layout) != "batched")
                throw new InvalidOptionException("--group-layout", $"a saved model keeps only the ONNX graph it runs (batched layout); got '{parse.GetValue(layout)}'");
            var path = parse.GetValue(modelPath)!;
            var ml = new MLContext(0);
            var model = ModelFiles.Load(ml, path, out _); // refuses old-format and unreadable files
            var graphs = ModelFiles.OnnxGraphs(path);
            if (graphs.Count == 0)
                throw new InvalidOptionException("--model", $"{path} has no network stage to export (no ApplyOnnxModel part; stages: {string.Join(", ", Flatten(model).Select(s => s.GetType().Name))})");
            if (graphs.Count > 1)
                throw new InvalidOptionException("--model", $"{path} has {graphs.Count} network stages; export handles models with one");
            var bytes = graphs[0].Onnx;
            string signature;
            using (var session = new InferenceSession(bytes))
                signature = $"{Describe(session.InputMetadata, "input")} → {Describe(session.OutputMetadata, "output")}";
            AtomicFile.Write(outPath, stream => stream.Write(bytes));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {outPath}: the network stage of {path}, ONNX opset {OnnxFormat.Opset}, {signature}"));
            if (Flatten(model).Any(s => s.GetType().Name.StartsWith("CustomMappingTransformer", StringComparison.Ordinal)))
                writer.WriteLine("note: the consensus stage is an optimisation, not a network, and is not in the ONNX file; it stays in PoseML");
            return 0;
        });
        return command;
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> tensors, string kind) =>
        string.Join(", ", tensors.Select(t => $"{kind} '{t.Key}' float[{string.Join(",", t.Value.Dimensions.Select(d => d < 0 ? "batch" : d.ToString(CultureInfo.InvariantCulture)))}]"));

    private static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [model];
}
