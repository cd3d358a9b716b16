using Microsoft.ML;
using PoseML.Core;
using PoseML.Onnx;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.Regression;

namespace PoseML.Pipeline;

/// <summary>Exports the network of a fitted lifting stage, or of a fitted model holding one (a DPCN or Martinez
/// chain), as a standard ONNX model to serve outside .NET: one float input <c>[batch, J·2]</c>, the input column
/// (2D keypoints, pixels) flattened, and one float output, the output column flattened (stacked group rows in mm
/// for the group lifters) — a drop-in for the stage's row computation, with a symbolic <c>batch</c>. With
/// <see cref="OnnxExportOptions.IncludeNormalization"/> false, the bare network. The consensus of Deep Pose
/// Consensus Networks is an optimisation, not a network; it stays in PoseML.</summary>
public static class ModelOnnxExport
{
    /// <summary>Whether <paramref name="model"/> is a fitted group-lifter or linear-lifter transformer, or a
    /// transformer chain holding exactly one of them.</summary>
    public static bool CanExport(ITransformer model) => model is not null && Exportable(model).Count == 1;

    /// <summary>The ONNX file of <paramref name="model"/>'s network (see <see cref="CanExport"/>) as bytes.</summary>
    /// <exception cref="InvalidOptionException"><paramref name="model"/> holds no network stage, or several.</exception>
    public static byte[] ToOnnxBytes(ITransformer model, OnnxExportOptions? options = null) => Build(model, options).ToBytes();

    /// <summary>Writes <paramref name="model"/>'s network as ONNX to <paramref name="stream"/> (left open).</summary>
    public static void Save(ITransformer model, Stream stream, OnnxExportOptions? options = null) => OnnxExport.Write(Build(model, options), stream);

    /// <summary>Writes <paramref name="model"/>'s network as an ONNX file, atomically.</summary>
    public static void Save(ITransformer model, string path, OnnxExportOptions? options = null) => OnnxExport.WriteFile(Build(model, options), path);

    private static OnnxModel Build(ITransformer model, OnnxExportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        options.Validate();
        var stages = Exportable(model);
        if (stages.Count > 1)
            throw new InvalidOptionException(nameof(model), $"{model.GetType().Name} holds {stages.Count} network stages; export one of them");
        return stages.SingleOrDefault() switch
        {
            GroupLifterTransformer lifters => GroupLifterGraph.Build(lifters, options),
            LinearLifterTransformer linear => LinearLifterGraph.Build(linear, options),
            _ => throw new InvalidOptionException(nameof(model),
                $"{model.GetType().Name} has no network to export; ONNX export covers the group lifters (DPCN, Martinez) and the linear lifter"),
        };
    }

    /// <summary>The exportable stages of <paramref name="model"/>: itself, or those of a (nested) transformer chain.</summary>
    private static List<ITransformer> Exportable(ITransformer model) => model switch
    {
        GroupLifterTransformer or LinearLifterTransformer => [model],
        IEnumerable<ITransformer> chain => chain.SelectMany(Exportable).ToList(),
        _ => [],
    };
}
