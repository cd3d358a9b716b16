namespace PoseML.Stages.Consensus;

/// <summary>Inverse of a small symmetric positive-definite matrix by Cholesky factorisation, in double.</summary>
internal static class SymmetricPositiveDefinite
{
    /// <summary>Returns A⁻¹ (p×p row-major) for SPD <paramref name="a"/>.</summary>
    /// <exception cref="InvalidOperationException">A is not positive definite (a bug upstream: the pattern should be connected).</exception>
    internal static double[] Invert(double[] a, int p)
    {
        var l = new double[p * p];
        for (var j = 0; j < p; j++)
        {
            var d = a[j * p + j];
            for (var k = 0; k < j; k++) d -= l[j * p + k] * l[j * p + k];
            if (!(d > 1e-12)) throw new InvalidOperationException($"matrix is not positive definite at pivot {j} ({d})");
            var ljj = Math.Sqrt(d);
            l[j * p + j] = ljj;
            for (var i = j + 1; i < p; i++)
            {
                var s = a[i * p + j];
                for (var k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
                l[i * p + j] = s / ljj;
            }
        }
        // Solve L Lᵀ X = I column by column.
        var inv = new double[p * p];
        var y = new double[p];
        for (var c = 0; c < p; c++)
        {
            for (var i = 0; i < p; i++)
            {
                var s = i == c ? 1.0 : 0.0;
                for (var k = 0; k < i; k++) s -= l[i * p + k] * y[k];
                y[i] = s / l[i * p + i];
            }
            for (var i = p - 1; i >= 0; i--)
            {
                var s = y[i];
                for (var k = i + 1; k < p; k++) s -= l[k * p + i] * inv[k * p + c];
                inv[i * p + c] = s / l[i * p + i];
            }
        }
        return inv;
    }
}
