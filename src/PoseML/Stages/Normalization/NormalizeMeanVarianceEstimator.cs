using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;

namespace PoseML.Stages.Normalization;

/// <summary>Learns a per-element z-score of a float column: mean and (population) standard deviation of each
/// element over the training rows, so that <c>(x − mean) / std</c> has zero mean and unit variance per element
/// (ML.NET's <c>NormalizeMeanVariance</c> with shifting). Create it with
/// <c>ctx.Transforms.NormalizeMeanVariance(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes (one pass over the data)</description></item>
/// <item><term>Input column</term><description>any float column, e.g. Keypoints2D float[J,2]</description></item>
/// <item><term>Output column</term><description>same type (by default replacing the input)</description></item>
/// <item><term>Trainable</term><description>No (statistics only)</description></item>
/// <item><term>GPU</term><description>No</description></item>
/// </list>
/// NaN or infinite training values are an error naming the row (impute or drop missing joints first); at
/// transform time NaN passes through unchanged. Elements with a standard deviation below
/// <see cref="NormalizeMeanVarianceOptions.MinimumStandardDeviation"/> are only centred.
/// </remarks>
public sealed class NormalizeMeanVarianceEstimator : IEstimator<NormalizeMeanVarianceTransformer>, IHasPoseContext
{
    /// <summary>Creates the estimator (prefer the catalog method).</summary>
    public NormalizeMeanVarianceEstimator(PoseContext context, NormalizeMeanVarianceOptions options)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options.</summary>
    public NormalizeMeanVarianceOptions Options { get; }

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        var type = RequireInput(inputSchema, Options.ResolvedInputColumnName);
        return inputSchema.With((Options.OutputColumnName, type));
    }

    /// <inheritdoc />
    public NormalizeMeanVarianceTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var column = Options.ResolvedInputColumnName;
        var type = RequireInput(input.Columns(), column);
        var n = type.ElementCount;
        var shift = new double[n];
        var sum = new double[n];
        var sumSquares = new double[n];
        long rows = 0;
        var total = Math.Min(input.RowCount() ?? 0, Options.MaximumExampleCount);
        foreach (var batch in input.GetBatches(DataViews.DefaultBatchSize, [column]))
        {
            Context.ThrowIfCancellationRequested();
            var values = batch.GetFloats(column);
            var take = (int)Math.Min(batch.RowCount, Options.MaximumExampleCount - rows);
            for (var r = 0; r < take; r++)
            {
                var row = values.Slice(r * n, n);
                if (rows == 0)
                {
                    for (var i = 0; i < n; i++) shift[i] = row[i];
                }
                for (var i = 0; i < n; i++)
                {
                    if (!float.IsFinite(row[i]))
                        throw new DataFormatException("training data", $"element {i} is {row[i]}; a z-score needs finite values (impute or drop missing joints first)", batch.StartRow + r + 1, column);
                    var d = row[i] - shift[i];
                    sum[i] += d;
                    sumSquares[i] += d * d;
                }
                rows++;
            }
            Context.ReportProgress("NormalizeMeanVariance", rows, total);
            if (rows >= Options.MaximumExampleCount) break;
        }
        if (rows == 0) throw new DataFormatException("training data", "no rows; the normaliser needs at least one", field: column);
        var mean = new float[n];
        var scale = new float[n];
        for (var i = 0; i < n; i++)
        {
            var m = sum[i] / rows;
            var variance = Math.Max(0, sumSquares[i] / rows - m * m);
            var std = Math.Sqrt(variance);
            mean[i] = (float)(shift[i] + m);
            scale[i] = std < Options.MinimumStandardDeviation ? 1f : (float)(1 / std);
        }
        return new NormalizeMeanVarianceTransformer(Context, Options, type, mean, scale, rows);
    }

    internal static ColumnType RequireInput(BatchSchema schema, string column)
    {
        var c = schema[column];
        if (c.Type.Kind != DataKind.Float32)
            throw new SchemaMismatchException(column, $"expected a float column (e.g. float[17,2]), found {c.Type}");
        return c.Type;
    }
}
