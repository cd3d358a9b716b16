using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PoseML.Stages.Consensus;

/// <summary>One thread's ADMM workspace: a tile of <see cref="Lanes"/> frames of one visibility pattern,
/// stored lane-innermost in blocks of four (<c>[block][row][xyz][4]</c>) so every step is a
/// <see cref="Vector256{T}"/> operation over four frames. All arithmetic is lane-wise (no reduction
/// across lanes), so a frame's result does not depend on which other frames share its tile, its lane,
/// or its thread. Converged frames leave the tile at the next check and their lane is refilled with the
/// next pending frame (or the tile is compacted), so the work per frame follows its own iteration count.
/// Every buffer is allocated once at the capacity of the full pattern; a steady-state batch allocates nothing.</summary>
internal sealed class ConsensusWorker
{
    private const int V = 4;           // lanes per Vector256<double>
    private const int Stride = 3 * V;  // doubles per (row, block)
    private const double Tiny = 1e-300;

    private readonly int _slotCapacity;
    private readonly double[] _fc, _d, _u, _fbar, _x;      // per lane (blocked); _d holds D = N − U, so step 1 reads one array
    private readonly double[] _b, _dbar, _dj;              // per block scratch
    private readonly double[] _thr, _mu, _normF2, _rn2, _ag2, _nn2, _un2, _du2, _obj;
    private readonly int[] _iter, _frame;
    private readonly bool[] _live;
    private readonly double[] _sFc, _sFbar, _sX, _sRes, _sB, _sNorms, _sSort;   // scalar scratch for one frame

    internal ConsensusWorker(int lanes, int rowCapacity, int groupCapacity, int jointCapacity)
    {
        Lanes = lanes;
                _slotCapacity = jointCapacity + 1;
        var blocks = lanes / V;
        _fc = new double[blocks * rowCapacity * Stride];
        _d = new double[_fc.Length];
        _u = new double[_fc.Length];
        _fbar = new double[blocks * groupCapacity * Stride];
        _x = new double[blocks * _slotCapacity * Stride];
        _b = new double[_slotCapacity * Stride];
        _dj = new double[_slotCapacity * Stride];
        _dbar = new double[groupCapacity * Stride];
        _thr = new double[lanes]; _mu = new double[lanes]; _normF2 = new double[lanes];
        _rn2 = new double[lanes]; _ag2 = new double[lanes]; _nn2 = new double[lanes];
        _un2 = new double[lanes]; _du2 = new double[lanes]; _obj = new double[lanes];
        _iter = new int[lanes]; _frame = new int[lanes]; _live = new bool[lanes];
        _sFc = new double[rowCapacity * 3]; _sRes = new double[rowCapacity * 3]; _sNorms = new double[rowCapacity]; _sSort = new double[rowCapacity];
        _sFbar = new double[groupCapacity * 3]; _sX = new double[_slotCapacity * 3]; _sB = new double[_slotCapacity * 3];
    }

    /// <summary>Frames per tile (a multiple of 4).</summary>
    internal int Lanes { get; }

    /// <summary>Runs ADMM on frames drawn from <paramref name="job"/> (all of pattern <paramref name="pattern"/>) until the job is exhausted.</summary>
    internal void Run(ConsensusJob job, ConsensusPattern pattern)
    {
        var used = 0;
        for (; used < Lanes; used++) if (!TryLoad(job, pattern, used)) break;
        var options = job.Options;
        var l21 = options.Solver == ConsensusSolverKind.L21;
        var it = 0;
        while (used > 0)
        {
            it++;
            var check = it % options.CheckEvery == 0;
            var blocks = (used + V - 1) / V;
            for (var blk = 0; blk < blocks; blk++) IterateBlock(pattern, blk, check, trace: false, l21);
            var anyLive = false;
            for (var lane = 0; lane < used; lane++)
            {
                if (!_live[lane]) continue;
                _iter[lane]++;
                var converged = check && Converged(lane, options.Tolerance);
                if (converged || _iter[lane] >= options.MaxIterations)
                {
                    Finalise(job, pattern, lane, converged);
                    _live[lane] = false;
                }
                else anyLive = true;
            }
            if (!check || (!job.RefillLanes && anyLive)) continue;
            for (var lane = 0; lane < used; lane++)
                if (!_live[lane]) TryLoad(job, pattern, lane);
            // Compact: move the highest live lanes into holes so only live blocks are iterated.
            while (used > 0 && !_live[used - 1]) used--;
            for (var hole = 0; hole < used; hole++)
            {
                if (_live[hole]) continue;
                MoveLane(pattern, used - 1, hole);
                used--;
                while (used > 0 && !_live[used - 1]) used--;
            }
        }
    }

    /// <summary>Single-frame ADMM reporting every iterate to <paramref name="onIteration"/>.</summary>
    internal void RunTraced(ConsensusJob job, ConsensusPattern pattern, Action<ConsensusIteration> onIteration)
    {
        if (!TryLoad(job, pattern, 0)) return;
        var options = job.Options;
        var l21 = options.Solver == ConsensusSolverKind.L21;
        var lsObjective = 0.0;
        for (var r = 0; r < pattern.Rows; r++)
            lsObjective += l21 ? _sNorms[r] : Math.Abs(_sRes[3 * r]) + Math.Abs(_sRes[3 * r + 1]) + Math.Abs(_sRes[3 * r + 2]);
        onIteration(new ConsensusIteration(0, lsObjective, 0, 0, _mu[0]));
        for (var it = 1; ; it++)
        {
            IterateBlock(pattern, 0, norms: true, trace: true, l21);
            _iter[0]++;
            onIteration(new ConsensusIteration(it, _obj[0], Math.Sqrt(_rn2[0]), _mu[0] * Math.Sqrt(_du2[0]), _mu[0]));
            var converged = it % options.CheckEvery == 0 && Converged(0, options.Tolerance);
            if (converged || it >= options.MaxIterations)
            {
                Finalise(job, pattern, 0, converged);
                return;
            }
        }
    }

    /// <summary>Least squares for every remaining frame of the job (no iterations).</summary>
    internal void RunLeastSquares(ConsensusJob job, ConsensusPattern pattern)
    {
        while (job.TryTake(out var frame))
        {
            pattern.LeastSquares(job.Estimates(frame), _sFc, _sFbar, _sX, _sRes, _sB);
            job.WritePose(pattern, frame, _sX, 1, 0, new ConsensusFrameInfo(0, true, 0, pattern.MissingCount));
        }
    }

    private bool Converged(int lane, double tol)
    {
        var normF = Math.Sqrt(_normF2[lane]);
        var floor = 1e-12 * normF;
        var primalScale = Math.Max(Math.Max(Math.Sqrt(_ag2[lane]), Math.Sqrt(_nn2[lane])), normF);
        return Math.Sqrt(_rn2[lane]) <= tol * primalScale + floor && Math.Sqrt(_du2[lane]) <= tol * Math.Sqrt(_un2[lane]) + floor;
    }

    private bool TryLoad(ConsensusJob job, ConsensusPattern pattern, int lane)
    {
        if (!job.TryTake(out var frame)) return false;
        var normF2 = pattern.LeastSquares(job.Estimates(frame), _sFc, _sFbar, _sX, _sRes, _sB);
        int rows = pattern.Rows, groups = pattern.Groups, blk = lane / V, sub = lane % V;
        var rowBase = blk * rows * Stride + sub;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                var o = rowBase + r * Stride + c * V;
                _fc[o] = _sFc[3 * r + c];
                _d[o] = _sRes[3 * r + c];   // N = LS residual, U = 0
                _u[o] = 0;
            }
            var e = _sRes.AsSpan(3 * r, 3);
            _sNorms[r] = Math.Sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2]);
        }
        var groupBase = blk * groups * Stride + sub;
        for (var g = 0; g < groups; g++)
            for (var c = 0; c < 3; c++) _fbar[groupBase + g * Stride + c * V] = _sFbar[3 * g + c];
        var mu = job.Options.Mu ?? job.Options.MuScale / Math.Max(Median(_sNorms.AsSpan(0, rows), _sSort), 1e-12);
        _mu[lane] = mu;
        _thr[lane] = 1.0 / mu;
        _normF2[lane] = normF2;
        _iter[lane] = 0;
        _frame[lane] = frame;
        _live[lane] = true;
        return true;
    }

    private static double Median(Span<double> values, double[] scratch)
    {
        // values is reused afterwards by the trace (LS objective), so sort a copy.
        var copy = scratch.AsSpan(0, values.Length);
        values.CopyTo(copy);
        copy.Sort();
        var m = copy.Length / 2;
        return copy.Length % 2 == 1 ? copy[m] : 0.5 * (copy[m - 1] + copy[m]);
    }

    private void MoveLane(ConsensusPattern pattern, int from, int to)
    {
        int rows = pattern.Rows, groups = pattern.Groups;
        int fb = from / V, fs = from % V, tb = to / V, ts = to % V;
        for (var q = 0; q < rows * 3; q++)
        {
            var src = fb * rows * Stride + q * V + fs;
            var dst = tb * rows * Stride + q * V + ts;
            _fc[dst] = _fc[src]; _d[dst] = _d[src]; _u[dst] = _u[src];
        }
        for (var q = 0; q < groups * 3; q++) _fbar[tb * groups * Stride + q * V + ts] = _fbar[fb * groups * Stride + q * V + fs];
        _thr[to] = _thr[from]; _mu[to] = _mu[from]; _normF2[to] = _normF2[from];
        _iter[to] = _iter[from]; _frame[to] = _frame[from]; _live[to] = _live[from];
        _live[from] = false;
    }

    private void Finalise(ConsensusJob job, ConsensusPattern pattern, int lane, bool converged)
    {
        int blk = lane / V, sub = lane % V;
        job.WritePose(pattern, _frame[lane], _x, V, blk * _slotCapacity * Stride + sub,
            new ConsensusFrameInfo(_iter[lane], converged, _mu[lane], pattern.MissingCount));
    }

    /// <summary>One scaled-ADMM iteration for the four frames of block <paramref name="blk"/>:
    /// G ← A⁺(F + N − U) (factored: centre, scatter, S⁻¹, gather), V = AG − F + U, N ← shrink(V, 1/μ),
    /// U ← V − N. With <paramref name="norms"/> also accumulates the stopping-rule norms per lane.</summary>
    [SkipLocalsInit]
    private void IterateBlock(ConsensusPattern pattern, int blk, bool norms, bool trace, bool l21)
    {
        int rows = pattern.Rows, groups = pattern.Groups, p = pattern.Unknowns;
        ref var fc = ref _fc[blk * rows * Stride];
        ref var dd = ref _d[blk * rows * Stride];
        ref var uu = ref _u[blk * rows * Stride];
        ref var fbar = ref _fbar[blk * groups * Stride];
        ref var x = ref _x[blk * _slotCapacity * Stride];
        ref var b = ref _b[0];
        ref var dbar = ref _dbar[0];
        ref var dj = ref _dj[0];
        var rowStart = pattern.GroupRowStart;
        var invSize = pattern.GroupInverseSize;
        var rowSlot = pattern.RowSlot;
        var sinv = pattern.SInverse;

        _b.AsSpan(0, (p + 1) * Stride).Clear();
        // 1. d = N − U (stored); b = Σ_rows (Fc + d) − |g|·mean_g d, scattered to each row's joint slot.
        for (var g = 0; g < groups; g++)
        {
            int r0 = rowStart[g], r1 = rowStart[g + 1];
            var sx = Vector256<double>.Zero; var sy = sx; var sz = sx;
            for (var r = r0; r < r1; r++)
            {
                var o = (nuint)(r * Stride);
                var so = (nuint)(rowSlot[r] * Stride);
                var dx = L(ref dd, o); var dy = L(ref dd, o + 4); var dz = L(ref dd, o + 8);
                sx += dx; sy += dy; sz += dz;
                S(L(ref b, so) + (L(ref fc, o) + dx), ref b, so);
                S(L(ref b, so + 4) + (L(ref fc, o + 4) + dy), ref b, so + 4);
                S(L(ref b, so + 8) + (L(ref fc, o + 8) + dz), ref b, so + 8);
            }
            var inv = Vector256.Create(invSize[g]);
            sx *= inv; sy *= inv; sz *= inv;
            var go = (nuint)(g * Stride);
            S(sx, ref dbar, go); S(sy, ref dbar, go + 4); S(sz, ref dbar, go + 8);
            for (var r = r0; r < r1; r++)
            {
                var so = (nuint)(rowSlot[r] * Stride);
                S(L(ref b, so) - sx, ref b, so);
                S(L(ref b, so + 4) - sy, ref b, so + 4);
                S(L(ref b, so + 8) - sz, ref b, so + 8);
            }
        }
        // 2. X = S⁻¹ b on the unknown slots; the anchor slot p stays 0.
        for (var i = 0; i < p; i++)
        {
            var ax = Vector256<double>.Zero; var ay = ax; var az = ax;
            var row = i * p;
            for (var k = 0; k < p; k++)
            {
                var s = Vector256.Create(sinv[row + k]);
                var ko = (nuint)(k * Stride);
                ax = Vector256.FusedMultiplyAdd(s, L(ref b, ko), ax);
                ay = Vector256.FusedMultiplyAdd(s, L(ref b, ko + 4), ay);
                az = Vector256.FusedMultiplyAdd(s, L(ref b, ko + 8), az);
            }
            var io = (nuint)(i * Stride);
            S(ax, ref x, io); S(ay, ref x, io + 4); S(az, ref x, io + 8);
        }
        var po = (nuint)(p * Stride);
        S(Vector256<double>.Zero, ref x, po); S(Vector256<double>.Zero, ref x, po + 4); S(Vector256<double>.Zero, ref x, po + 8);

        // 3. e = AG − F = X_i − mean_g X + mean_g d − Fc; V = e + U; N = shrink(V); U = V − N.
        var thr = Vector256.LoadUnsafe(ref _thr[0], (nuint)(blk * V));
        var negThr = -thr;
        var tiny = Vector256.Create(Tiny);
        var one = Vector256.Create(1.0);
        var rn2 = Vector256<double>.Zero; var ag2 = rn2; var nn2 = rn2; var un2 = rn2; var du2 = rn2; var obj = rn2;
        if (norms) _dj.AsSpan(0, (p + 1) * Stride).Clear();
        for (var g = 0; g < groups; g++)
        {
            int r0 = rowStart[g], r1 = rowStart[g + 1];
            var mx = Vector256<double>.Zero; var my = mx; var mz = mx;
            for (var r = r0; r < r1; r++)
            {
                var so = (nuint)(rowSlot[r] * Stride);
                mx += L(ref x, so); my += L(ref x, so + 4); mz += L(ref x, so + 8);
            }
            var inv = Vector256.Create(invSize[g]);
            var go = (nuint)(g * Stride);
            var cx = L(ref dbar, go) - mx * inv;
            var cy = L(ref dbar, go + 4) - my * inv;
            var cz = L(ref dbar, go + 8) - mz * inv;
            var gx = Vector256<double>.Zero; var gy = gx; var gz = gx;
            for (var r = r0; r < r1; r++)
            {
                var o = (nuint)(r * Stride);
                var so = (nuint)(rowSlot[r] * Stride);
                var fx = L(ref fc, o); var fy = L(ref fc, o + 4); var fz = L(ref fc, o + 8);
                var ex = L(ref x, so) + cx - fx;
                var ey = L(ref x, so + 4) + cy - fy;
                var ez = L(ref x, so + 8) + cz - fz;
                var vx = ex + L(ref uu, o);
                var vy = ey + L(ref uu, o + 4);
                var vz = ez + L(ref uu, o + 8);
                Vector256<double> nx, ny, nz;
                if (l21)
                {
                    var norm = Vector256.Sqrt(vx * vx + vy * vy + vz * vz);
                    var scale = Vector256.Max(Vector256<double>.Zero, one - thr / Vector256.Max(norm, tiny));
                    nx = vx * scale; ny = vy * scale; nz = vz * scale;
                }
                else
                {
                    nx = vx - Vector256.Min(Vector256.Max(vx, negThr), thr);
                    ny = vy - Vector256.Min(Vector256.Max(vy, negThr), thr);
                    nz = vz - Vector256.Min(Vector256.Max(vz, negThr), thr);
                }
                var ux = vx - nx; var uy = vy - ny; var uz = vz - nz;
                if (norms)
                {
                    var rx = ex - nx; var ry = ey - ny; var rz = ez - nz;
                    rn2 += rx * rx + ry * ry + rz * rz;
                    var ax = ex + fx + L(ref fbar, go); var ay = ey + fy + L(ref fbar, go + 4); var az = ez + fz + L(ref fbar, go + 8);
                    ag2 += ax * ax + ay * ay + az * az;
                    nn2 += nx * nx + ny * ny + nz * nz;
                    un2 += ux * ux + uy * uy + uz * uz;
                    // N_prev = D_prev + U_prev.
                    var dx = nx - (L(ref dd, o) + L(ref uu, o));
                    var dy = ny - (L(ref dd, o + 4) + L(ref uu, o + 4));
                    var dz = nz - (L(ref dd, o + 8) + L(ref uu, o + 8));
                    gx += dx; gy += dy; gz += dz;
                    S(L(ref dj, so) + dx, ref dj, so); S(L(ref dj, so + 4) + dy, ref dj, so + 4); S(L(ref dj, so + 8) + dz, ref dj, so + 8);
                    if (trace)
                        obj += l21 ? Vector256.Sqrt(ex * ex + ey * ey + ez * ez) : Vector256.Abs(ex) + Vector256.Abs(ey) + Vector256.Abs(ez);
                }
                S(nx - ux, ref dd, o); S(ny - uy, ref dd, o + 4); S(nz - uz, ref dd, o + 8);
                S(ux, ref uu, o); S(uy, ref uu, o + 4); S(uz, ref uu, o + 8);
            }
            if (norms) du2 += gx * gx + gy * gy + gz * gz;
        }
        if (!norms) return;
        // A'ᵀ ΔN: joint part over the unknown slots (the anchor's column is removed), group part above.
        for (var i = 0; i < p; i++)
        {
            var io = (nuint)(i * Stride);
            var jx = L(ref dj, io); var jy = L(ref dj, io + 4); var jz = L(ref dj, io + 8);
            du2 += jx * jx + jy * jy + jz * jz;
        }
        var lo = (nuint)(blk * V);
        rn2.StoreUnsafe(ref _rn2[0], lo); ag2.StoreUnsafe(ref _ag2[0], lo); nn2.StoreUnsafe(ref _nn2[0], lo);
        un2.StoreUnsafe(ref _un2[0], lo); du2.StoreUnsafe(ref _du2[0], lo); obj.StoreUnsafe(ref _obj[0], lo);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> L(ref double origin, nuint offset) => Vector256.LoadUnsafe(ref origin, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void S(Vector256<double> value, ref double origin, nuint offset) => value.StoreUnsafe(ref origin, offset);
}
