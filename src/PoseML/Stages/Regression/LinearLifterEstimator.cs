using IDataView = Microsoft.ML.IDataView;
using MathNet.Numerics.LinearAlgebra;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;

namespace PoseML.Stages.Regression;

/// <summary>A linear 2D→3D lifter: closed-form ridge regression from every element of the input column to
/// every element of the label column, <c>Ŷ = X·W + b</c> (the simplest lifting baseline, and a sanity check for
/// the deep lifters). One pass accumulates XᵀX and XᵀY in double precision, then a Cholesky solve (an SVD solve
/// when L2 = 0 leaves the system singular). Create it with <c>ctx.Lifting.LinearLifter(…)</c>.</summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>Property</term><description>Value</description></listheader>
/// <item><term>Needs Fit?</term><description>Yes (one pass, closed form)</description></item>
/// <item><term>Input column</term><description>float, any shape, e.g. Keypoints2D float[J,2] (z-score it first: L2 is scale-dependent)</description></item>
/// <item><term>Label column</term><description>float, any shape, e.g. Pose3D float[J,3]</description></item>
/// <item><term>Output column</term><description>PredictedPose3D, the label's type</description></item>
/// <item><term>Trainable</term><description>Yes (closed form, no epochs)</description></item>
/// <item><term>GPU</term><description>No</description></item>
/// </list>
/// NaN or infinite values in the input or label are an error naming the row and column.
/// </remarks>
public sealed class LinearLifterEstimator : IEstimator<LinearLifterTransformer>, IHasPoseContext
{
    /// <summary>Creates the estimator (prefer the catalog method).</summary>
    public LinearLifterEstimator(PoseContext context, LinearLifterOptions options)
    {
        Context = context ?? throw new ArgumentNullException(nameof(context));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The options.</summary>
    public LinearLifterOptions Options { get; }

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        RequireFloat(inputSchema, Options.InputColumnName);
        var label = RequireFloat(inputSchema, Options.LabelColumnName);
        return inputSchema.With((Options.OutputColumnName, label));
    }

    /// <inheritdoc />
    public LinearLifterTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _ = GetOutputSchema(input.Columns());
        var inputType = input.Columns()[Options.InputColumnName].Type;
        var labelType = input.Columns()[Options.LabelColumnName].Type;
        int d = inputType.ElementCount, k = labelType.ElementCount;
        var p = d + (Options.FitIntercept ? 1 : 0);
        var xtx = new double[p * p];
        var xty = new double[p * k];
        var x = new double[p];
        long rows = 0;
        var total = input.RowCount() ?? 0;
        foreach (var batch in input.GetBatches(DataViews.DefaultBatchSize, [Options.InputColumnName, Options.LabelColumnName]))
        {
            Context.ThrowIfCancellationRequested();
            var xs = batch.GetFloats(Options.InputColumnName);
            var ys = batch.GetFloats(Options.LabelColumnName);
            for (var r = 0; r < batch.RowCount; r++)
            {
                for (var i = 0; i < d; i++) x[i] = CheckFinite(xs[r * d + i], batch.StartRow + r, Options.InputColumnName, i);
                if (Options.FitIntercept) x[d] = 1;
                for (var i = 0; i < p; i++)
                {
                    var xi = x[i];
                    var rowXtx = xtx.AsSpan(i * p, p);
                    for (var j = i; j < p; j++) rowXtx[j] += xi * x[j];
                    var rowXty = xty.AsSpan(i * k, k);
                    for (var j = 0; j < k; j++) rowXty[j] += xi * CheckFinite(ys[r * k + j], batch.StartRow + r, Options.LabelColumnName, j);
                }
            }
            rows += batch.RowCount;
            Context.ReportProgress("LinearLifter", rows, total);
        }
        if (rows == 0) throw new DataFormatException("training data", "no rows; the linear lifter needs at least one", field: Options.InputColumnName);
        var a = Matrix<double>.Build.Dense(p, p);
        for (var i = 0; i < p; i++)
        {
            for (var j = i; j < p; j++) a[i, j] = a[j, i] = xtx[i * p + j];
        }
        for (var i = 0; i < d; i++) a[i, i] += rows * Options.L2;
        var b = Matrix<double>.Build.Dense(p, k, (i, j) => xty[i * k + j]);
        var solution = Solve(a, b);
        var weights = new float[d * k];
        var bias = new float[k];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < k; j++) weights[i * k + j] = (float)solution[i, j];
        }
        if (Options.FitIntercept)
        {
            for (var j = 0; j < k; j++) bias[j] = (float)solution[d, j];
        }
        return new LinearLifterTransformer(Context, Options, inputType, labelType, weights, bias, rows);
    }

    private static Matrix<double> Solve(Matrix<double> a, Matrix<double> b)
    {
        try
        {
            var cholesky = a.Cholesky();
            var x = cholesky.Solve(b);
            if (x.Enumerate().All(double.IsFinite)) return x;
        }
        catch (ArgumentException)
        {
            // Not positive definite (L2 = 0 with rank-deficient inputs): fall through to the SVD.
        }
        return a.Svd(computeVectors: true).Solve(b);
    }

    private static double CheckFinite(float v, long row, string column, int element) =>
        float.IsFinite(v) ? v
            : throw new DataFormatException("training data", $"element {element} is {v}; the linear lifter needs finite inputs and labels (drop rows with missing joints)", row + 1, column);

    private static ColumnType RequireFloat(BatchSchema schema, string column)
    {
        var c = schema[column];
        if (c.Type.Kind != DataKind.Float32 || c.Type.Shape.Length == 0)
            throw new SchemaMismatchException(column, $"expected a float column with a shape (e.g. float[17,2]), found {c.Type}");
        return c.Type;
    }
}
