using IDataView = Microsoft.ML.IDataView;
using MathNet.Numerics.LinearAlgebra;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Nn.Kernels;
using System.Numerics.Tensors;
using PoseML.MLNet;

namespace PoseML.Stages.Regression;

/// <summary>The closed-form ridge fit shared by the PoseML and ML.NET linear lifters: one pass accumulating XᵀX
/// and XᵀY in double precision, then a Cholesky solve (SVD when singular). Schemas are checked by the callers.</summary>
internal static class LinearRidge
{
    public static (ColumnType InputType, ColumnType LabelType, float[] Weights, float[] Bias, long Rows) Fit(PoseRunContext context, LinearLifterOptions options, IDataView input)
    {
        var inputType = input.Columns()[options.InputColumnName].Type;
        var labelType = input.Columns()[options.LabelColumnName].Type;
        int d = inputType.ElementCount, k = labelType.ElementCount;
        var p = d + (options.FitIntercept ? 1 : 0);
        var xtx = new double[p * p];
        var xty = new double[p * k];
        var x = new double[p];
        long rows = 0;
        var total = input.RowCount() ?? 0;
        foreach (var batch in input.GetBatches(DataViews.DefaultBatchSize, [options.InputColumnName, options.LabelColumnName]))
        {
            context.ThrowIfCancellationRequested();
            var xs = batch.GetFloats(options.InputColumnName);
            var ys = batch.GetFloats(options.LabelColumnName);
            for (var r = 0; r < batch.RowCount; r++)
            {
                for (var i = 0; i < d; i++) x[i] = CheckFinite(xs[r * d + i], batch.StartRow + r, options.InputColumnName, i);
                if (options.FitIntercept) x[d] = 1;
                for (var i = 0; i < p; i++)
                {
                    var xi = x[i];
                    var rowXtx = xtx.AsSpan(i * p, p);
                    for (var j = i; j < p; j++) rowXtx[j] += xi * x[j];
                    var rowXty = xty.AsSpan(i * k, k);
                    for (var j = 0; j < k; j++) rowXty[j] += xi * CheckFinite(ys[r * k + j], batch.StartRow + r, options.LabelColumnName, j);
                }
            }
            rows += batch.RowCount;
            context.Report(rows, total);
        }
        if (rows == 0) throw new DataFormatException("training data", "no rows; the linear lifter needs at least one", field: options.InputColumnName);
        var a = Matrix<double>.Build.Dense(p, p);
        for (var i = 0; i < p; i++)
        {
            for (var j = i; j < p; j++) a[i, j] = a[j, i] = xtx[i * p + j];
        }
        for (var i = 0; i < d; i++) a[i, i] += rows * options.L2;
        var b = Matrix<double>.Build.Dense(p, k, (i, j) => xty[i * k + j]);
        var solution = Solve(a, b);
        var weights = new float[d * k];
        var bias = new float[k];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < k; j++) weights[i * k + j] = (float)solution[i, j];
        }
        if (options.FitIntercept)
        {
            for (var j = 0; j < k; j++) bias[j] = (float)solution[d, j];
        }
        return (inputType, labelType, weights, bias, rows);
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

    /// <summary>Ŷ = X·W + b for <paramref name="rows"/> rows: <paramref name="x"/> [rows, d], <paramref name="y"/> [rows, k].</summary>
    public static void Predict(ReadOnlySpan<float> x, float[] weights, float[] bias, int rows, int d, int k, Span<float> y)
    {
        Gemm.Multiply(false, false, rows, k, d, 1f, x, d, weights, k, 0f, y, k);
        for (var r = 0; r < rows; r++)
        {
            var row = y.Slice(r * k, k);
            TensorPrimitives.Add(row, bias, row);
        }
    }
}
