using PoseML.Core;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.Consensus;

/// <summary>Synthetic consensus problems (for tests, benchmarks and demos) shaped like <c>refs/perf/consensus.py</c>'s <c>synth</c>, in mm:
/// a standing Human3.6M-17 pose rotated about the vertical axis with 30 mm joint jitter, placed in
/// camera space; each group sees its joints shifted by its own unknown translation plus noise, and a
/// chosen fraction of groups per frame is corrupted by large per-joint outliers.</summary>
public static class ConsensusSynthetic
{
    private static readonly double[] BasePose =
    [
        0.00, 0.00, 0.00, -0.13, 0.00, 0.00, -0.14, -0.45, 0.02, -0.15, -0.89, -0.03,
        0.13, 0.00, 0.00, 0.14, -0.45, 0.02, 0.15, -0.89, -0.03, 0.00, 0.23, 0.01,
        0.00, 0.48, 0.02, 0.00, 0.60, 0.06, 0.00, 0.72, 0.02, 0.16, 0.45, 0.00,
        0.30, 0.22, 0.02, 0.35, 0.00, 0.12, -0.16, 0.45, 0.00, -0.30, 0.22, 0.02,
        -0.35, 0.00, 0.12,
    ];

    /// <summary>A generated batch: ground-truth poses [frames, 17, 3] (camera space), stacked group
    /// estimates [frames, rows, 3], which groups were corrupted [frames, groups], and the frame count.</summary>
    public sealed record Problem(float[] Truth, float[] Estimates, bool[] Corrupted, int Frames);

    /// <summary>Generates <paramref name="frames"/> frames for 17-joint <paramref name="groups"/> (units: mm
    /// when <paramref name="scale"/> is 1000, m when 1). Noise, outlier and translation sigmas are in mm per coordinate.</summary>
    public static Problem Make(JointGroups groups, int frames, int seed, double noiseMm = 10, double outlierFraction = 0.2,
        double outlierSigmaMm = 300, double translationSigmaMm = 500, double scale = 1000)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.JointCount != 17) throw new InvalidOptionException("groups", $"synthetic poses have 17 joints (Human3.6M), found {groups.JointCount}");
        var rng = new Random(seed);
        const int n = 17;
        var truth = new float[frames * n * 3];
        var est = new float[frames * groups.RowCount * 3];
        var bad = new bool[frames * groups.GroupCount];
        var nBad = (int)Math.Round(outlierFraction * groups.GroupCount);
        var unit = scale / 1000;
        for (var f = 0; f < frames; f++)
        {
            var a = (rng.NextDouble() * 2 - 1) * Math.PI;
            double c = Math.Cos(a), s = Math.Sin(a);
            double ox = Gauss(rng) * 1000, oy = Gauss(rng) * 1000, oz = Gauss(rng) * 1000 + 4000;
            var gt = new double[n * 3];
            for (var i = 0; i < n; i++)
            {
                double x = BasePose[3 * i] * 1000, y = BasePose[3 * i + 1] * 1000, z = BasePose[3 * i + 2] * 1000;
                gt[3 * i] = c * x + s * z + Gauss(rng) * 30 + ox;
                gt[3 * i + 1] = y + Gauss(rng) * 30 + oy;
                gt[3 * i + 2] = -s * x + c * z + Gauss(rng) * 30 + oz;
            }
            for (var q = 0; q < n * 3; q++) truth[f * n * 3 + q] = (float)(gt[q] * unit);
            foreach (var g in Enumerable.Range(0, groups.GroupCount).OrderBy(_ => rng.Next()).Take(nBad)) bad[f * groups.GroupCount + g] = true;
            for (var g = 0; g < groups.GroupCount; g++)
            {
                double tx = Gauss(rng) * translationSigmaMm, ty = Gauss(rng) * translationSigmaMm, tz = Gauss(rng) * translationSigmaMm;
                var corrupt = bad[f * groups.GroupCount + g];
                for (var k = 0; k < groups.Groups[g].Length; k++)
                {
                    var i = groups.Groups[g][k];
                    var o = (f * groups.RowCount + groups.RowOffset(g) + k) * 3;
                    double[] t = [tx, ty, tz];
                    for (var d = 0; d < 3; d++)
                    {
                        var v = gt[3 * i + d] - t[d] + Gauss(rng) * noiseMm;
                        if (corrupt) v += Gauss(rng) * outlierSigmaMm;
                        est[o + d] = (float)(v * unit);
                    }
                }
            }
        }
        return new Problem(truth, est, bad, frames);
    }

    /// <summary>Mean per-joint error after removing each pose's centroid (as the reference measures it),
    /// over joints that are finite in <paramref name="pose"/>.</summary>
    public static double Mpjpe(ReadOnlySpan<float> pose, ReadOnlySpan<float> truth, int n = 17)
    {
        double px = 0, py = 0, pz = 0, tx = 0, ty = 0, tz = 0;
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            if (float.IsNaN(pose[3 * i])) continue;
            px += pose[3 * i]; py += pose[3 * i + 1]; pz += pose[3 * i + 2];
            tx += truth[3 * i]; ty += truth[3 * i + 1]; tz += truth[3 * i + 2];
            count++;
        }
        px /= count; py /= count; pz /= count; tx /= count; ty /= count; tz /= count;
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (float.IsNaN(pose[3 * i])) continue;
            double dx = pose[3 * i] - px - (truth[3 * i] - tx), dy = pose[3 * i + 1] - py - (truth[3 * i + 1] - ty), dz = pose[3 * i + 2] - pz - (truth[3 * i + 2] - tz);
            sum += Math.Sqrt(dx * dx + dy * dy + dz * dz);
        }
        return sum / count;
    }

    /// <summary>Median of <paramref name="values"/>.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }

    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
