using PoseML.Stages.JointGrouping;

namespace PoseML.Stages.Consensus;

/// <summary>The least-squares operator A⁺ of one visibility pattern (which stacked rows are used), in
/// factored form. For G = [X; t] and A = [E  −(I⊗1)], the normal equations eliminate t
/// (<c>t_j = mean_{g_j}(X) − mean(y_j)</c>) and leave <c>S X = Σ_j E_j C_j y_j</c>, where C_j centres group
/// j's block and <c>S = Σ_j (D_j − w_j w_jᵀ/|g_j|)</c> is a graph Laplacian over the joints. Pinning the
/// anchor joint (the root) removes its row and column, making S positive definite on a connected
/// component; S⁻¹ is cached. Applying A⁺ then costs a centring, a scatter, one p×p product and a gather
/// (p = determined joints − 1) instead of a dense (n + n_t) × Σn_g product.</summary>
/// <remarks>Rows of a group left with fewer than two visible joints carry no relative information and
/// are dropped. Joints outside the connected component that holds the root (or, if the root is unseen,
/// the largest component) cannot be placed relative to the others and are reported missing.</remarks>
internal sealed class ConsensusPattern
{
    internal ConsensusPattern(JointGroups groups, ReadOnlySpan<ulong> mask, int root)
    {
        Mask = mask.ToArray();
        var n = groups.JointCount;
        // Groups with at least two visible rows.
        var keptGroups = new List<int>();
        for (var g = 0; g < groups.GroupCount; g++)
        {
            var visible = 0;
            for (var k = 0; k < groups.Groups[g].Length; k++) if (IsSet(mask, groups.RowOffset(g) + k)) visible++;
            if (visible >= 2) keptGroups.Add(g);
        }
        // Connected components of the joints through kept groups (union-find).
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        var seen = new bool[n];
        foreach (var g in keptGroups)
        {
            var first = -1;
            for (var k = 0; k < groups.Groups[g].Length; k++)
            {
                if (!IsSet(mask, groups.RowOffset(g) + k)) continue;
                var i = groups.Groups[g][k];
                seen[i] = true;
                if (first < 0) first = i; else parent[Find(i)] = Find(first);
            }
        }
        var componentSize = new int[n];
        for (var i = 0; i < n; i++) if (seen[i]) componentSize[Find(i)]++;
        RootSeen = root >= 0 && root < n && seen[root];
        var chosen = -1;
        if (RootSeen) chosen = Find(root);
        else
        {
            for (var i = 0; i < n; i++)
                if (seen[i] && (chosen < 0 || componentSize[Find(i)] > componentSize[chosen])) chosen = Find(i);
        }
        Missing = new bool[n];
        JointSlot = new int[n];
        var unknowns = new List<int>();
        for (var i = 0; i < n; i++)
        {
            Missing[i] = !(seen[i] && chosen >= 0 && Find(i) == chosen);
            JointSlot[i] = -1;
        }
        Anchor = chosen < 0 ? -1 : RootSeen ? root : Array.IndexOf(Missing, false);
        for (var i = 0; i < n; i++) if (!Missing[i] && i != Anchor) unknowns.Add(i);
        Unknowns = unknowns.Count;
        for (var s = 0; s < unknowns.Count; s++) JointSlot[unknowns[s]] = s;
        if (Anchor >= 0) JointSlot[Anchor] = Unknowns;
        MissingCount = Missing.Count(m => m);

        var rowStart = new List<int> { 0 };
        var rowSource = new List<int>();
        var rowSlot = new List<int>();
        var invSize = new List<double>();
        foreach (var g in keptGroups)
        {
            if (chosen < 0 || Find(groups.Groups[g][FirstVisible(groups, g, mask)]) != chosen) continue;
            for (var k = 0; k < groups.Groups[g].Length; k++)
            {
                if (!IsSet(mask, groups.RowOffset(g) + k)) continue;
                rowSource.Add(groups.RowOffset(g) + k);
                rowSlot.Add(JointSlot[groups.Groups[g][k]]);
            }
            invSize.Add(1.0 / (rowSource.Count - rowStart[^1]));
            rowStart.Add(rowSource.Count);
        }
        GroupRowStart = [.. rowStart];
        GroupInverseSize = [.. invSize];
        RowSource = [.. rowSource];
        RowSlot = [.. rowSlot];
        Groups = invSize.Count;
        Rows = RowSource.Length;
        SInverse = BuildSInverse();
    }

    /// <summary>Visibility bitmask over the full stacked rows (the cache key).</summary>
    internal ulong[] Mask { get; }

    /// <summary>Kept rows R, in kept-group order.</summary>
    internal int Rows { get; }

    /// <summary>Kept groups.</summary>
    internal int Groups { get; }

    /// <summary>Determined joints other than the anchor (p).</summary>
    internal int Unknowns { get; }

    /// <summary>The pinned joint (−1 when nothing is determined).</summary>
    internal int Anchor { get; }

    /// <summary>Whether the root is determined (else the output is centroid-relative).</summary>
    internal bool RootSeen { get; }

    /// <summary>Per joint: not determined in this pattern.</summary>
    internal bool[] Missing { get; }

    /// <summary>Number of missing joints.</summary>
    internal int MissingCount { get; }

    /// <summary>Per joint: its slot in X (0..p−1 unknowns, p the anchor), −1 when missing.</summary>
    internal int[] JointSlot { get; }

    /// <summary>Kept group g owns kept rows [GroupRowStart[g], GroupRowStart[g+1]).</summary>
    internal int[] GroupRowStart { get; }

    /// <summary>1 / visible rows of each kept group.</summary>
    internal double[] GroupInverseSize { get; }

    /// <summary>Per kept row: its index in the full stacked layout.</summary>
    internal int[] RowSource { get; }

    /// <summary>Per kept row: its joint's slot in X.</summary>
    internal int[] RowSlot { get; }

    /// <summary>S⁻¹, p×p row-major.</summary>
    internal double[] SInverse { get; }

    /// <summary>Position in the solver's pattern list.</summary>
    internal int Index { get; init; }

    /// <summary>Next pattern with the same hash (cache chaining).</summary>
    internal ConsensusPattern? NextInBucket { get; set; }

    internal static bool IsSet(ReadOnlySpan<ulong> mask, int row) => (mask[row >> 6] & (1UL << (row & 63))) != 0;

    private static int FirstVisible(JointGroups groups, int g, ReadOnlySpan<ulong> mask)
    {
        for (var k = 0; k < groups.Groups[g].Length; k++) if (IsSet(mask, groups.RowOffset(g) + k)) return k;
        return 0;
    }

    private double[] BuildSInverse()
    {
        var p = Unknowns;
        var s = new double[p * p];
        for (var g = 0; g < Groups; g++)
        {
            var inv = GroupInverseSize[g];
            for (var a = GroupRowStart[g]; a < GroupRowStart[g + 1]; a++)
            {
                var sa = RowSlot[a];
                if (sa >= p) continue;
                for (var b = GroupRowStart[g]; b < GroupRowStart[g + 1]; b++)
                {
                    var sb = RowSlot[b];
                    if (sb >= p) continue;
                    s[sa * p + sb] += (a == b ? 1.0 : 0.0) - inv;
                }
            }
        }
        return SymmetricPositiveDefinite.Invert(s, p);
    }

    /// <summary>Least-squares solve of one frame for this pattern, in double: reads the full stacked rows
    /// <paramref name="f"/> ([rows, 3]), writes centred rows <paramref name="fc"/> (kept rows × 3), group
    /// means <paramref name="fbar"/> (kept groups × 3), X slots <paramref name="x"/> ((p + 1) × 3, anchor 0)
    /// and the residual rows AG − F into <paramref name="residual"/> (kept rows × 3). Returns ‖F‖² over kept rows.</summary>
    internal double LeastSquares(ReadOnlySpan<float> f, Span<double> fc, Span<double> fbar, Span<double> x, Span<double> residual, Span<double> b)
    {
        var p = Unknowns;
        b[..((p + 1) * 3)].Clear();
        var normF2 = 0.0;
        for (var g = 0; g < Groups; g++)
        {
            double mx = 0, my = 0, mz = 0;
            for (var r = GroupRowStart[g]; r < GroupRowStart[g + 1]; r++)
            {
                var o = RowSource[r] * 3;
                double fx = f[o], fy = f[o + 1], fz = f[o + 2];
                mx += fx; my += fy; mz += fz;
                normF2 += fx * fx + fy * fy + fz * fz;
            }
            var inv = GroupInverseSize[g];
            mx *= inv; my *= inv; mz *= inv;
            fbar[3 * g] = mx; fbar[3 * g + 1] = my; fbar[3 * g + 2] = mz;
            for (var r = GroupRowStart[g]; r < GroupRowStart[g + 1]; r++)
            {
                var o = RowSource[r] * 3;
                double cx = f[o] - mx, cy = f[o + 1] - my, cz = f[o + 2] - mz;
                fc[3 * r] = cx; fc[3 * r + 1] = cy; fc[3 * r + 2] = cz;
                var so = RowSlot[r] * 3;
                b[so] += cx; b[so + 1] += cy; b[so + 2] += cz;
            }
        }
        for (var i = 0; i < p; i++)
        {
            double ax = 0, ay = 0, az = 0;
            for (var k = 0; k < p; k++)
            {
                var s = SInverse[i * p + k];
                ax += s * b[3 * k]; ay += s * b[3 * k + 1]; az += s * b[3 * k + 2];
            }
            x[3 * i] = ax; x[3 * i + 1] = ay; x[3 * i + 2] = az;
        }
        x[3 * p] = 0; x[3 * p + 1] = 0; x[3 * p + 2] = 0;
        for (var g = 0; g < Groups; g++)
        {
            double mx = 0, my = 0, mz = 0;
            for (var r = GroupRowStart[g]; r < GroupRowStart[g + 1]; r++)
            {
                var so = RowSlot[r] * 3;
                mx += x[so]; my += x[so + 1]; mz += x[so + 2];
            }
            var inv = GroupInverseSize[g];
            mx *= inv; my *= inv; mz *= inv;
            for (var r = GroupRowStart[g]; r < GroupRowStart[g + 1]; r++)
            {
                var so = RowSlot[r] * 3;
                residual[3 * r] = x[so] - mx - fc[3 * r];
                residual[3 * r + 1] = x[so + 1] - my - fc[3 * r + 1];
                residual[3 * r + 2] = x[so + 2] - mz - fc[3 * r + 2];
            }
        }
        return normF2;
    }
}
