using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.MLNet;

namespace PoseML.Vision.Stages.HeatmapEstimator;

/// <summary>The columns the heatmap estimator trains on, checked on the schema before any row is read, and a reader
/// that streams a view in batches of images, target maps and loss weights (nothing is held beyond one batch and the
/// shuffling pool).</summary>
internal sealed class HeatmapTrainingData
{
    public HeatmapTrainingData(DataViewSchema schema, HeatmapEstimatorOptions options)
    {
        Options = options;
        Size = RequireImage(schema, options.ImageColumnName, options.InputSize);
        var keypoints = schema.GetColumnOrNull(options.KeypointsColumnName)
            ?? throw new SchemaMismatchException(options.KeypointsColumnName, $"missing; expected training keypoints float[J,2] in image pixels (columns present: {Present(schema)})");
        if (keypoints.Type is not VectorDataViewType { IsKnownSize: true, Dimensions: [var j, 2] } || ((VectorDataViewType)keypoints.Type).ItemType != NumberDataViewType.Single)
            throw new SchemaMismatchException(options.KeypointsColumnName, $"expected float[J,2], found {PoseColumnTypes.Describe(keypoints.Type)}");
        Joints = j;
        PoseColumnTypes.RequireFloatVector(schema, options.VisibilityColumnName, Joints);
        PoseColumnTypes.RequireFloatVector(schema, options.MappingColumnName, 4);
        Columns = [schema[options.ImageColumnName], keypoints, schema[options.VisibilityColumnName], schema[options.MappingColumnName]];
    }

    public HeatmapEstimatorOptions Options { get; }

    /// <summary>Image side S.</summary>
    public int Size { get; }

    /// <summary>Joints J.</summary>
    public int Joints { get; }

    private DataViewSchema.Column[] Columns { get; }

    internal static string Present(DataViewSchema schema) => string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name));

    /// <summary>Checks that <paramref name="name"/> is float[3,S,S] with S = <paramref name="size"/>; returns S.</summary>
    /// <exception cref="SchemaMismatchException">It is missing or of another type or size.</exception>
    internal static int RequireImage(DataViewSchema schema, string name, int size)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new SchemaMismatchException(name, $"missing; expected an image float[3,{size},{size}] (RGB, CHW, values in [0,1]) (columns present: {Present(schema)})");
        if (column.Type is not VectorDataViewType { IsKnownSize: true } v || v.ItemType != NumberDataViewType.Single
            || v.Dimensions.Length != 3 || v.Dimensions[0] != 3 || v.Dimensions[1] != size || v.Dimensions[2] != size)
            throw new SchemaMismatchException(name, $"expected an image float[3,{size},{size}] (RGB, CHW; the estimator's InputSize is {size}), found {PoseColumnTypes.Describe(column.Type)}");
        return size;
    }

    /// <summary>One batch: images [rows,3,S,S], targets [rows,J,S/4,S/4], weights [rows,J].</summary>
    public sealed record Batch(int Rows, float[] Images, float[] Targets, float[] Weights);

    /// <summary>Streams <paramref name="view"/> in batches of up to <paramref name="batchSize"/> rows.</summary>
    public IEnumerable<Batch> Read(IDataView view, int batchSize, PoseRunContext run)
    {
        int s = Size, h = Size / 4, image = 3 * s * s, maps = Joints * h * h;
        using var cursor = view.GetRowCursor(Columns.Select(c => view.Schema[c.Name]));
        var getters = Columns.Select(c => cursor.GetGetter<VBuffer<float>>(view.Schema[c.Name])).ToArray();
        var sizes = new[] { image, Joints * 2, Joints, 4 };
        var buffers = new VBuffer<float>[4];
        var values = sizes.Select(n => new float[n]).ToArray();
        while (true)
        {
            run.ThrowIfCancellationRequested();
            var images = new float[batchSize * image];
            var targets = new float[batchSize * maps];
            var weights = new float[batchSize * Joints];
            var rows = 0;
            while (rows < batchSize && cursor.MoveNext())
            {
                for (var k = 0; k < 4; k++)
                {
                    getters[k](ref buffers[k]);
                    if (buffers[k].Length != sizes[k])
                        throw new SchemaMismatchException(Columns[k].Name, $"row {cursor.Position} holds {buffers[k].Length} values, expected {sizes[k]}");
                    buffers[k].CopyTo(values[k]);
                }
                values[0].CopyTo(images, rows * image);
                HeatmapTargets.Fill(values[1], values[2], values[3], h, Options.Sigma, targets.AsSpan(rows * maps, maps), weights.AsSpan(rows * Joints, Joints));
                rows++;
            }
            if (rows == 0) yield break;
            yield return new Batch(rows, images, targets, weights);
            if (rows < batchSize) yield break;
        }
    }
}
