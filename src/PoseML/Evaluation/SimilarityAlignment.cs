namespace PoseML.Evaluation;

/// <summary>Per-frame similarity (Procrustes) alignment of a predicted pose onto a target pose, as in
/// VideoPose3D's <c>p_mpjpe</c>: centre both, find the proper rotation R maximising tr(H·R) with
/// H = X0ᵀ·Y0 (X target, Y prediction, rows are joints), the scale a = tr(H·R) / ‖Y0‖²_F and the
/// translation that maps the prediction's centroid onto the target's. All arithmetic is in double
/// and allocation-free (3×3 work on the stack).</summary>
/// <remarks>
/// VideoPose3D takes the SVD H = U·S·Vᵀ, sets R = V·Uᵀ and, when det(R) &lt; 0, negates the last
/// column of V and the last singular value. The same R is built here from the two leading right
/// singular vectors v1, v2 (eigenvectors of HᵀH by cyclic Jacobi) and u_i = H·v_i / ‖H·v_i‖: with
/// v3 = v1 × v2 and u3 = u1 × u2 both bases are proper, so R = Σ v_i·u_iᵀ is the reflection-free
/// optimum, and tr(H·R) = s1 + s2 ± s3 equals VideoPose3D's sign-corrected trace. This is unique
/// whenever H has rank ≥ 2; for collinear poses (rank ≤ 1) any completion is optimal.
/// </remarks>
internal static class SimilarityAlignment
{
    /// <summary>Sum over the used joints of ‖a·(p_j − μ_p)·R − (t_j − μ_t)‖ (mm) and the number of
    /// joints used. With <paramref name="skipMissing"/>, joints whose prediction holds a NaN are left
    /// out of the centroids, the fit and the sum.</summary>
    public static double ErrorSum(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int joints, bool skipMissing, out int used)
    {
        double mpx = 0, mpy = 0, mpz = 0, mtx = 0, mty = 0, mtz = 0;
        used = 0;
        for (var j = 0; j < joints; j++)
        {
            if (skipMissing && PoseFrame.IsMissing(p, j)) continue;
            mpx += p[j * 3]; mpy += p[j * 3 + 1]; mpz += p[j * 3 + 2];
            mtx += t[j * 3]; mty += t[j * 3 + 1]; mtz += t[j * 3 + 2];
            used++;
        }
        if (used == 0) return 0;
        mpx /= used; mpy /= used; mpz /= used;
        mtx /= used; mty /= used; mtz /= used;

        // H[a,b] = Σ_j X0[j,a]·Y0[j,b] (X target, Y prediction) and ‖Y0‖².
        Span<double> h = stackalloc double[9];
        h.Clear();
        double normY2 = 0;
        for (var j = 0; j < joints; j++)
        {
            if (skipMissing && PoseFrame.IsMissing(p, j)) continue;
            double y0 = p[j * 3] - mpx, y1 = p[j * 3 + 1] - mpy, y2 = p[j * 3 + 2] - mpz;
            double x0 = t[j * 3] - mtx, x1 = t[j * 3 + 1] - mty, x2 = t[j * 3 + 2] - mtz;
            h[0] += x0 * y0; h[1] += x0 * y1; h[2] += x0 * y2;
            h[3] += x1 * y0; h[4] += x1 * y1; h[5] += x1 * y2;
            h[6] += x2 * y0; h[7] += x2 * y1; h[8] += x2 * y2;
            normY2 += y0 * y0 + y1 * y1 + y2 * y2;
        }

        Span<double> r = stackalloc double[9];
        ProperRotation(h, r);
        double trace = 0; // tr(H·R) = Σ_a Σ_b H[a,b]·R[b,a]
        for (var a = 0; a < 3; a++)
            for (var b = 0; b < 3; b++) trace += h[a * 3 + b] * r[b * 3 + a];
        // A prediction collapsed to one point has no scale to fit: it maps onto the target centroid.
        var scale = normY2 > 0 ? trace / normY2 : 0;

        double sum = 0;
        for (var j = 0; j < joints; j++)
        {
            if (skipMissing && PoseFrame.IsMissing(p, j)) continue;
            double y0 = p[j * 3] - mpx, y1 = p[j * 3 + 1] - mpy, y2 = p[j * 3 + 2] - mpz;
            // Row vector times R: (y·R)[b] = Σ_c y[c]·R[c,b].
            var ex = scale * (y0 * r[0] + y1 * r[3] + y2 * r[6]) - (t[j * 3] - mtx);
            var ey = scale * (y0 * r[1] + y1 * r[4] + y2 * r[7]) - (t[j * 3 + 1] - mty);
            var ez = scale * (y0 * r[2] + y1 * r[5] + y2 * r[8]) - (t[j * 3 + 2] - mtz);
            sum += Math.Sqrt(ex * ex + ey * ey + ez * ez);
        }
        return sum;
    }

    /// <summary>Writes into <paramref name="r"/> (row-major 3×3) the proper rotation R = Σ v_i·u_iᵀ
    /// maximising tr(H·R) for the row-major 3×3 <paramref name="h"/>.</summary>
    internal static void ProperRotation(ReadOnlySpan<double> h, Span<double> r)
    {
        // S = HᵀH, symmetric; its eigenvectors are the right singular vectors of H.
        Span<double> s = stackalloc double[9];
        for (var a = 0; a < 3; a++)
            for (var b = 0; b < 3; b++)
                s[a * 3 + b] = h[a] * h[b] + h[3 + a] * h[3 + b] + h[6 + a] * h[6 + b];
        Span<double> v = stackalloc double[9];
        Span<double> w = stackalloc double[3];
        SymmetricEigen3.Decompose(s, v, w);

        // Leading two eigenvectors (columns of v), by eigenvalue.
        int i1 = 0, i2 = 1, i3 = 2;
        if (w[i2] > w[i1]) (i1, i2) = (i2, i1);
        if (w[i3] > w[i1]) (i1, i3) = (i3, i1);
        if (w[i3] > w[i2]) (i2, i3) = (i3, i2);
        Span<double> v1 = stackalloc double[3];
        Span<double> v2 = stackalloc double[3];
        for (var k = 0; k < 3; k++) { v1[k] = v[k * 3 + i1]; v2[k] = v[k * 3 + i2]; }
        // Jacobi keeps V orthogonal to rounding; re-orthonormalise so the completed bases are exact.
        Normalize(v1);
        Orthogonalize(v2, v1);
        if (!Normalize(v2)) AnyPerpendicular(v1, v2);

        Span<double> u1 = stackalloc double[3];
        Span<double> u2 = stackalloc double[3];
        MulVec(h, v1, u1);
        if (!Normalize(u1))
        {
            // H = 0: every rotation is optimal (the scale will be 0); use the identity.
            r.Clear();
            r[0] = r[4] = r[8] = 1;
            return;
        }
        MulVec(h, v2, u2);
        Orthogonalize(u2, u1);
        if (!Normalize(u2)) AnyPerpendicular(u1, u2);

        Span<double> v3 = stackalloc double[3];
        Span<double> u3 = stackalloc double[3];
        Cross(v1, v2, v3);
        Cross(u1, u2, u3);
        for (var b = 0; b < 3; b++)
            for (var a = 0; a < 3; a++)
                r[b * 3 + a] = v1[b] * u1[a] + v2[b] * u2[a] + v3[b] * u3[a];
    }

    private static void MulVec(ReadOnlySpan<double> m, ReadOnlySpan<double> x, Span<double> y)
    {
        for (var a = 0; a < 3; a++) y[a] = m[a * 3] * x[0] + m[a * 3 + 1] * x[1] + m[a * 3 + 2] * x[2];
    }

    private static void Orthogonalize(Span<double> x, ReadOnlySpan<double> unit)
    {
        var d = x[0] * unit[0] + x[1] * unit[1] + x[2] * unit[2];
        for (var k = 0; k < 3; k++) x[k] -= d * unit[k];
    }

    /// <summary>Scales to unit length; false (and unchanged) when the vector is numerically zero.</summary>
    private static bool Normalize(Span<double> x)
    {
        var n = Math.Sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
        if (!(n > 1e-300)) return false;
        for (var k = 0; k < 3; k++) x[k] /= n;
        return true;
    }

    private static void Cross(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c)
    {
        c[0] = a[1] * b[2] - a[2] * b[1];
        c[1] = a[2] * b[0] - a[0] * b[2];
        c[2] = a[0] * b[1] - a[1] * b[0];
    }

    /// <summary>A unit vector perpendicular to the unit vector <paramref name="unit"/>.</summary>
    private static void AnyPerpendicular(ReadOnlySpan<double> unit, Span<double> result)
    {
        // Cross with the axis least aligned with the vector.
        Span<double> axis = stackalloc double[3];
        axis.Clear();
        var k = Math.Abs(unit[0]) <= Math.Abs(unit[1]) ? (Math.Abs(unit[0]) <= Math.Abs(unit[2]) ? 0 : 2) : (Math.Abs(unit[1]) <= Math.Abs(unit[2]) ? 1 : 2);
        axis[k] = 1;
        Cross(unit, axis, result);
        Normalize(result);
    }
}
