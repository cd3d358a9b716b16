namespace PoseML.Evaluation;

/// <summary>Per-frame building blocks of the metrics: one pose is <c>joints × 3</c> floats (mm).
/// Everything is computed in double. A joint is missing when any of its predicted coordinates is NaN.</summary>
internal static class PoseFrame
{
    /// <summary>PCK/AUC thresholds 0, 5, …, 150 mm (MPI-INF-3DHP).</summary>
    public const int PckThresholdCount = 31;

    /// <summary>Spacing of the PCK/AUC thresholds (mm).</summary>
    public const double PckThresholdStep = 5;

    /// <summary>True when joint <paramref name="j"/> of <paramref name="pose"/> has a NaN coordinate.</summary>
    public static bool IsMissing(ReadOnlySpan<float> pose, int j) =>
        float.IsNaN(pose[j * 3]) || float.IsNaN(pose[j * 3 + 1]) || float.IsNaN(pose[j * 3 + 2]);

    /// <summary>‖(p_j − p_root) − (t_j − t_root)‖ with the root at joint 0, or the plain distance
    /// ‖p_j − t_j‖ when <paramref name="rootAlign"/> is false.</summary>
    public static double Distance(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int j, bool rootAlign)
    {
        double dx = (double)p[j * 3] - t[j * 3];
        double dy = (double)p[j * 3 + 1] - t[j * 3 + 1];
        double dz = (double)p[j * 3 + 2] - t[j * 3 + 2];
        if (rootAlign)
        {
            dx -= (double)p[0] - t[0];
            dy -= (double)p[1] - t[1];
            dz -= (double)p[2] - t[2];
        }
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }

    /// <summary>VideoPose3D <c>n_mpjpe</c> for one frame: the scale s = Σ⟨t_j, p_j⟩ / Σ‖p_j‖² that
    /// minimises Σ‖s·p_j − t_j‖², then Σ‖s·p_j − t_j‖ over the used joints. Coordinates are taken
    /// relative to joint 0 when <paramref name="rootAlign"/> is set, as given otherwise. A prediction
    /// with Σ‖p_j‖² = 0 gets s = 0 (VideoPose3D would divide by zero).</summary>
    public static double ScaledErrorSum(ReadOnlySpan<float> p, ReadOnlySpan<float> t, int joints, bool rootAlign, bool skipMissing, out int used)
    {
        double prx = 0, pry = 0, prz = 0, trx = 0, tr_y = 0, trz = 0;
        if (rootAlign) { prx = p[0]; pry = p[1]; prz = p[2]; trx = t[0]; tr_y = t[1]; trz = t[2]; }
        double pp = 0, tp = 0;
        for (var j = 0; j < joints; j++)
        {
            if (skipMissing && IsMissing(p, j)) continue;
            double px = p[j * 3] - prx, py = p[j * 3 + 1] - pry, pz = p[j * 3 + 2] - prz;
            double tx = t[j * 3] - trx, ty = t[j * 3 + 1] - tr_y, tz = t[j * 3 + 2] - trz;
            pp += px * px + py * py + pz * pz;
            tp += tx * px + ty * py + tz * pz;
        }
        var scale = pp > 0 ? tp / pp : 0;
        double sum = 0;
        used = 0;
        for (var j = 0; j < joints; j++)
        {
            if (skipMissing && IsMissing(p, j)) continue;
            var ex = scale * (p[j * 3] - prx) - (t[j * 3] - trx);
            var ey = scale * (p[j * 3 + 1] - pry) - (t[j * 3 + 1] - tr_y);
            var ez = scale * (p[j * 3 + 2] - prz) - (t[j * 3 + 2] - trz);
            sum += Math.Sqrt(ex * ex + ey * ey + ez * ez);
            used++;
        }
        return sum;
    }

    /// <summary>‖(p1_j − p0_j) − (t1_j − t0_j)‖: the velocity error of joint j between two consecutive
    /// frames (0 then 1), each root-aligned at joint 0 when <paramref name="rootAlign"/> is set.</summary>
    public static double VelocityDistance(ReadOnlySpan<float> p0, ReadOnlySpan<float> p1, ReadOnlySpan<float> t0, ReadOnlySpan<float> t1, int j, bool rootAlign)
    {
        double sum = 0;
        for (var a = 0; a < 3; a++)
        {
            var e = ((double)p1[j * 3 + a] - p0[j * 3 + a]) - ((double)t1[j * 3 + a] - t0[j * 3 + a]);
            if (rootAlign) e -= ((double)p1[a] - p0[a]) - ((double)t1[a] - t0[a]);
            sum += e * e;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>The index of the first threshold 5·k (k = 0…30) that <paramref name="distance"/> is
    /// strictly below, or <see cref="PckThresholdCount"/> when it is below none.</summary>
    public static int FirstThresholdAbove(double distance)
    {
        if (!(distance < (PckThresholdCount - 1) * PckThresholdStep)) return PckThresholdCount;
        var k = (int)Math.Floor(distance / PckThresholdStep) + 1;
        // Guard the division's rounding so the comparison is exactly `distance < 5k`.
        while (k > 0 && distance < (k - 1) * PckThresholdStep) k--;
        while (k < PckThresholdCount && !(distance < k * PckThresholdStep)) k++;
        return k;
    }

    /// <summary>|‖l − parent(l)‖ − ‖r − parent(r)‖| summed over the mirror pairs whose joints both have
    /// a parent; the number of pairs used is returned in <paramref name="pairs"/>.</summary>
    public static double SymmetrySum(ReadOnlySpan<float> pose, ReadOnlySpan<int> left, ReadOnlySpan<int> right, ReadOnlySpan<int> parents, bool skipMissing, out int pairs)
    {
        double sum = 0;
        pairs = 0;
        for (var i = 0; i < left.Length; i++)
        {
            int l = left[i], r = right[i], pl = parents[l], pr = parents[r];
            if (pl < 0 || pr < 0) continue;
            if (skipMissing && (IsMissing(pose, l) || IsMissing(pose, r) || IsMissing(pose, pl) || IsMissing(pose, pr))) continue;
            sum += Math.Abs(Length(pose, l, pl) - Length(pose, r, pr));
            pairs++;
        }
        return sum;
    }

    private static double Length(ReadOnlySpan<float> pose, int a, int b)
    {
        double dx = (double)pose[a * 3] - pose[b * 3];
        double dy = (double)pose[a * 3 + 1] - pose[b * 3 + 1];
        double dz = (double)pose[a * 3 + 2] - pose[b * 3 + 2];
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }
}
