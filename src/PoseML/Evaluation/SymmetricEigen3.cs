namespace PoseML.Evaluation;

/// <summary>Eigen-decomposition of a symmetric 3×3 matrix by cyclic Jacobi rotations, in double and
/// without allocation. Jacobi is unconditionally stable and converges quadratically; a 3×3 needs a
/// handful of sweeps, and it keeps the eigenvectors orthogonal to rounding.</summary>
internal static class SymmetricEigen3
{
    private const int MaxSweeps = 64;

    /// <summary>Decomposes the row-major symmetric <paramref name="a"/> (overwritten) into eigenvectors
    /// (the columns of row-major <paramref name="v"/>) and eigenvalues <paramref name="w"/>, unsorted.</summary>
    public static void Decompose(Span<double> a, Span<double> v, Span<double> w)
    {
        v.Clear();
        v[0] = v[4] = v[8] = 1;
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
            var diag = a[0] * a[0] + a[4] * a[4] + a[8] * a[8];
            // Stop once the off-diagonal part is below rounding of the diagonal (or exactly zero).
            if (off == 0 || off <= 1e-34 * diag) break;
            Rotate(a, v, 0, 1);
            Rotate(a, v, 0, 2);
            Rotate(a, v, 1, 2);
        }
        w[0] = a[0];
        w[1] = a[4];
        w[2] = a[8];
    }

    /// <summary>One Jacobi rotation in the (p, q) plane that zeroes a[p,q].</summary>
    private static void Rotate(Span<double> a, Span<double> v, int p, int q)
    {
        var apq = a[p * 3 + q];
        if (apq == 0) return;
        var app = a[p * 3 + p];
        var aqq = a[q * 3 + q];
        var theta = (aqq - app) / (2 * apq);
        // Smaller root of t² + 2θt − 1 = 0, written to avoid cancellation and overflow of θ².
        var t = Math.Abs(theta) > 1e150
            ? 1 / (2 * theta)
            : Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        var c = 1 / Math.Sqrt(t * t + 1);
        var s = t * c;
        a[p * 3 + p] = app - t * apq;
        a[q * 3 + q] = aqq + t * apq;
        a[p * 3 + q] = a[q * 3 + p] = 0;
        var r = 3 - p - q; // the remaining index
        var arp = a[r * 3 + p];
        var arq = a[r * 3 + q];
        a[r * 3 + p] = a[p * 3 + r] = c * arp - s * arq;
        a[r * 3 + q] = a[q * 3 + r] = s * arp + c * arq;
        for (var k = 0; k < 3; k++)
        {
            var vkp = v[k * 3 + p];
            var vkq = v[k * 3 + q];
            v[k * 3 + p] = c * vkp - s * vkq;
            v[k * 3 + q] = s * vkp + c * vkq;
        }
    }
}
