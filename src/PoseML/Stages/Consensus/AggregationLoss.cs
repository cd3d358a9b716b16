using PoseML.Core;
using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.Consensus;

/// <summary>The aggregation loss of Deep Pose Consensus Networks §6, Eq. 12:
/// <c>L_aggre = Σ_j ‖centre_j(X) − X̂_j‖²</c>, where X is the least-squares consensus of all groups'
/// outputs X̂ (stacked as F, [rows, 3]) and centre_j takes group j's joints of X minus their mean
/// (the paper's W_j). X is a fixed linear map of F, so the stacked centred consensus is <c>M·F</c>
/// with one rows×rows matrix M acting on each coordinate column, and <c>L = ‖(M − I)F‖²</c>.</summary>
/// <remarks>
/// <para>M = C·Π, where Π = A A⁺ projects onto the range of A = [E −(I⊗1)] and C centres each group's
/// block. The group-indicator vectors lie in range(A), so C·Π = Π − P₁ (P₁ the projection onto them) is
/// itself a symmetric orthogonal projection. Hence (M − I)ᵀ(M − I) = I − M and
/// <c>dL/dF = 2(M − I)ᵀ(M − I)F = 2(F − M F)</c>; the tests check symmetry, idempotence and the
/// gradient by finite differences. M does not depend on the gauge and M·F ignores per-group
/// translations of F, but L does not: like Eq. 12 it also charges each group's mean ‖mean(X̂_j)‖²·n_g,
/// which is what the lifters' centred targets ask for.</para>
/// <para><see cref="Apply"/> uses the factored least-squares operator (centre, scatter to joints, one
/// (n−1)×(n−1) solve, gather, centre): O(rows + n²) per coordinate instead of the dense rows² product.
/// All rows are used (training has no missing joints).</para>
/// </remarks>
public sealed class AggregationLoss
{
    private readonly ConsensusPattern _pattern;

    /// <summary>Builds the map for <paramref name="groups"/> (every joint must be covered).</summary>
    /// <exception cref="InvalidOptionException">A joint in no group, or groups that do not connect all joints.</exception>
    public AggregationLoss(JointGroups groups)
    {
        Groups = groups ?? throw new ArgumentNullException(nameof(groups));
        groups.RequireCoverage();
        var mask = new ulong[(groups.RowCount + 63) / 64];
        for (var r = 0; r < groups.RowCount; r++) mask[r >> 6] |= 1UL << (r & 63);
        _pattern = new ConsensusPattern(groups, mask, 0);
        if (_pattern.MissingCount > 0 || _pattern.Rows != groups.RowCount)
            throw new InvalidOptionException("groups", "the groups do not connect every joint through shared joints, so the consensus is not unique");
        Matrix = BuildMatrix();
    }

    /// <summary>The joint groups.</summary>
    public JointGroups Groups { get; }

    /// <summary>Stacked rows Σ n_g.</summary>
    public int RowCount => Groups.RowCount;

    /// <summary>M as a dense rows×rows row-major matrix (for inspection and tests; <see cref="Apply"/> is faster).</summary>
    public double[] Matrix { get; }

    /// <summary>Writes M·F for a batch: <paramref name="f"/> and <paramref name="centred"/> are [batch, rows, 3].</summary>
    public void Apply(ReadOnlySpan<float> f, Span<float> centred)
    {
        var frames = CheckBatch(f, centred, nameof(centred));
        var buffers = new Buffers(_pattern, Groups);
        for (var s = 0; s < frames; s++)
            ApplyOne(f.Slice(s * RowCount * 3, RowCount * 3), centred.Slice(s * RowCount * 3, RowCount * 3), buffers);
    }

    /// <summary>Returns L_aggre summed over the batch and writes dL/dF into <paramref name="gradient"/>
    /// (both [batch, rows, 3]; the caller divides by the batch size if it averages).</summary>
    public double Compute(ReadOnlySpan<float> f, Span<float> gradient)
    {
        var frames = CheckBatch(f, gradient, nameof(gradient));
        var buffers = new Buffers(_pattern, Groups);
        var loss = 0.0;
        for (var s = 0; s < frames; s++)
        {
            var fs = f.Slice(s * RowCount * 3, RowCount * 3);
            var gs = gradient.Slice(s * RowCount * 3, RowCount * 3);
            ApplyOne(fs, gs, buffers);
            for (var q = 0; q < fs.Length; q++)
            {
                double d = buffers.Last[q] - fs[q];   // (M − I) F, in double
                loss += d * d;
                gs[q] = (float)(-2.0 * d);            // 2 (F − M F)
            }
        }
        return loss;
    }

    private int CheckBatch(ReadOnlySpan<float> f, Span<float> output, string outputName)
    {
        if (f.Length % (RowCount * 3) != 0)
            throw new InvalidOptionException("estimates", $"expected [batch, {RowCount}, 3] floats, found {f.Length}");
        if (output.Length != f.Length)
            throw new InvalidOptionException(outputName, $"expected {f.Length} floats like the estimates, found {output.Length}");
        return f.Length / (RowCount * 3);
    }

    private sealed class Buffers(ConsensusPattern p, JointGroups g)
    {
        internal readonly double[] Fc = new double[g.RowCount * 3], Res = new double[g.RowCount * 3], Last = new double[g.RowCount * 3];
        internal readonly double[] Fbar = new double[g.GroupCount * 3], X = new double[(p.Unknowns + 1) * 3], B = new double[(p.Unknowns + 1) * 3];
    }

    private void ApplyOne(ReadOnlySpan<float> f, Span<float> centred, Buffers w)
    {
        _pattern.LeastSquares(f, w.Fc, w.Fbar, w.X, w.Res, w.B);
        // residual = AG − F with AG rows = X_i − mean_g X + mean_g F, so centre_g(X)_r = residual_r + Fc_r.
        for (var q = 0; q < centred.Length; q++)
        {
            w.Last[q] = w.Res[q] + w.Fc[q];
            centred[q] = (float)w.Last[q];
        }
    }

    private double[] BuildMatrix()
    {
        var rows = RowCount;
        var m = new double[rows * rows];
        var unit = new float[rows * 3];
        var column = new float[rows * 3];
        var w = new Buffers(_pattern, Groups);
        for (var r = 0; r < rows; r++)
        {
            Array.Clear(unit);
            unit[3 * r] = 1;
            ApplyOne(unit, column, w);
            for (var q = 0; q < rows; q++) m[q * rows + r] = w.Last[3 * q];
        }
        return m;
    }
}
