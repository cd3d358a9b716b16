using PoseML.Core;
using PoseML.Onnx;
using PoseML.Stages.GroupLifters;
using PoseML.Stages.Regression;

namespace PoseML.Pipeline;

/// <summary>Temporary bridge: ONNX export of the dialect's fitted lifters, for the dialect CLI until it moves to
/// ML.NET. <see cref="OnnxExport"/> itself only knows the ML.NET transformers; this file goes with the dialect.</summary>
public static class DialectOnnxExport
{
    extension(OnnxExport)
    {
        /// <summary>Whether <paramref name="model"/> is a dialect lifter stage that can be exported.</summary>
        public static bool CanExport(ITransformer model) => model is GroupLifterTransformer or LinearLifterTransformer;

        /// <summary>The ONNX file of a dialect lifter stage as bytes.</summary>
        public static byte[] ToOnnxBytes(ITransformer model, OnnxExportOptions? options = null) => Build(model, options).ToBytes();

        /// <summary>Writes a dialect lifter stage as ONNX to <paramref name="stream"/> (left open).</summary>
        public static void Save(ITransformer model, Stream stream, OnnxExportOptions? options = null) => Build(model, options).WriteTo(new ProtoWriter(stream));

        /// <summary>Writes a dialect lifter stage as an ONNX file, atomically.</summary>
        public static void Save(ITransformer model, string path, OnnxExportOptions? options = null)
        {
            var onnx = Build(model, options);
            AtomicFile.Write(path, stream => onnx.WriteTo(new ProtoWriter(stream)));
        }
    }

    private static OnnxModel Build(ITransformer model, OnnxExportOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        options.Validate();
        return model switch
        {
            GroupLifterTransformer g => GroupLifterGraph.Build(g.Network, g.Layout, g.Normalization, g.Options.InputColumnName, g.Options.OutputColumnName, options),
            LinearLifterTransformer l => LinearLifterGraph.Build(l.Weights.ToArray(), l.Bias.ToArray(), [.. l.InputType.Shape], [.. l.OutputType.Shape],
                l.Options.InputColumnName, l.Options.OutputColumnName, options),
            _ => throw new InvalidOptionException(nameof(model), $"{model.GetType().Name} has no network to export"),
        };
    }
}
