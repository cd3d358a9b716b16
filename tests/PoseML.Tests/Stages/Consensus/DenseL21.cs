using PoseML.Stages.JointGrouping;

namespace PoseML.Tests.Stages.Consensus;

/// <summary>An independent dense l2,1 solver for cross-checks: iteratively reweighted least squares on
/// the explicit A = [E −(I⊗1)] with the root column removed (as the reference's <c>irls_l21</c>).</summary>
internal static class DenseL21
{
    internal static double IrlsObjective(JointGroups groups, float[] f, int iterations = 500, double delta = 1e-9)
    {
        int n = groups.JointCount, rows = groups.RowCount, cols = n - 1 + groups.GroupCount;
        var a = new double[rows, cols];
        for (var g = 0; g < groups.GroupCount; g++)
        {
            for (var k = 0; k < groups.Groups[g].Length; k++)
            {
                var r = groups.RowOffset(g) + k;
                var i = groups.Groups[g][k];
                if (i > 0) a[r, i - 1] = 1;
                a[r, n - 1 + g] = -1;
            }
        }
        var w = Enumerable.Repeat(1.0, rows).ToArray();
        var gsol = new double[cols, 3];
        for (var it = 0; it < iterations; it++)
        {
            var m = new double[cols, cols + 3];
            for (var r = 0; r < rows; r++)
                for (var p = 0; p < cols; p++)
                {
                    if (a[r, p] == 0) continue;
                    for (var q = 0; q < cols; q++) m[p, q] += w[r] * a[r, p] * a[r, q];
                    for (var d = 0; d < 3; d++) m[p, cols + d] += w[r] * a[r, p] * f[3 * r + d];
                }
            for (var p = 0; p < cols; p++) m[p, p] += 1e-14;
            gsol = SolveGauss(m, cols);
            for (var r = 0; r < rows; r++) w[r] = 1.0 / Math.Max(RowResidual(a, gsol, f, r, cols), delta);
        }
        var obj = 0.0;
        for (var r = 0; r < rows; r++) obj += RowResidual(a, gsol, f, r, cols);
        return obj;
    }

    private static double RowResidual(double[,] a, double[,] g, float[] f, int r, int cols)
    {
        var s = 0.0;
        for (var d = 0; d < 3; d++)
        {
            var v = -(double)f[3 * r + d];
            for (var p = 0; p < cols; p++) v += a[r, p] * g[p, d];
            s += v * v;
        }
        return Math.Sqrt(s);
    }

    private static double[,] SolveGauss(double[,] m, int n)
    {
        for (var c = 0; c < n; c++)
        {
            var piv = c;
            for (var r = c + 1; r < n; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[piv, c])) piv = r;
            for (var k = 0; k < n + 3; k++) (m[c, k], m[piv, k]) = (m[piv, k], m[c, k]);
            for (var r = 0; r < n; r++)
            {
                if (r == c) continue;
                var factor = m[r, c] / m[c, c];
                for (var k = c; k < n + 3; k++) m[r, k] -= factor * m[c, k];
            }
        }
        var x = new double[n, 3];
        for (var r = 0; r < n; r++) for (var d = 0; d < 3; d++) x[r, d] = m[r, n + d] / m[r, r];
        return x;
    }
}
