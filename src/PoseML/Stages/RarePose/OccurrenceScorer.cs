using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Stages.RarePose;

/// <summary>The occurrence of 3D poses in a reference set O (SRNet, Eq. 9–10):
/// <c>PS(J, I) = (1/N) Σ_i exp(−‖J_i − I_i‖² / 2σ_i²)</c> and <c>OCC_O(J) = (1/M) Σ_{I∈O} PS(J, I)</c>, on
/// root-relative poses. A pose that is common in O scores near 1, a rare one near 0. Fit once on the reference set,
/// then score any number of poses; both modes use both cores.</summary>
/// <remarks>
/// Because OCC is the mean over joints of per-joint 3D Gaussian kernel sums, <see cref="OccurrenceMode.Fast"/> precomputes
/// each joint's density on a grid (<c>O(M)</c> per joint to fit, <c>O(1)</c> per query) with a worst-case absolute error
/// of <see cref="ErrorBound"/> (≈ 0.0019 at the default h = σ/4; see <c>JointDensityGrid</c> for the derivation);
/// <see cref="OccurrenceMode.Exact"/> evaluates the definition in <c>O(N·M·J)</c>.
/// </remarks>
public sealed class OccurrenceScorer
{
    private readonly float[] _sigma;
    private readonly float[] _constant;             // [J,3] the value of each constant joint (σ = 0)
    private readonly float[][]? _scaled;            // exact: per joint, x[M] y[M] z[M] scaled by 1/(σ√2)
    private readonly JointDensityGrid?[]? _grids;   // fast: per joint; null for constant joints

    private OccurrenceScorer(RarePoseOptions options, int joints, long referenceCount, float[] sigma, float[] constant,
        float[][]? scaled, JointDensityGrid?[]? grids)
    {
        Options = options;
        Joints = joints;
        ReferenceCount = referenceCount;
        _sigma = sigma;
        _constant = constant;
        _scaled = scaled;
        _grids = grids;
        ErrorBound = ComputeErrorBound();
    }

    /// <summary>Rebuilds a fitted scorer from its saved parts (see <c>RarePoseTransformer.Load</c>).</summary>
    internal static OccurrenceScorer Restore(RarePoseOptions options, int joints, long referenceCount, float[] sigma, float[] constant,
        float[][]? scaled, JointDensityGrid?[]? grids) => new(options, joints, referenceCount, sigma, constant, scaled, grids);

    /// <summary>The value of each joint that is constant in the reference set, [J,3] (meaningful where σ = 0).</summary>
    internal float[] ConstantValues => _constant;

    /// <summary>Exact mode: per joint, the reference x, y, z scaled by 1/(σ√2), [3·M]; null for constant joints.</summary>
    internal float[][]? ScaledReference => _scaled;

    /// <summary>Fast mode: per joint, its density grid; null for constant joints.</summary>
    internal JointDensityGrid?[]? Grids => _grids;

    /// <summary>The options it was fitted with.</summary>
    public RarePoseOptions Options { get; }

    /// <summary>Exact or fast.</summary>
    public OccurrenceMode Mode => Options.Mode;

    /// <summary>Joints per pose.</summary>
    public int Joints { get; }

    /// <summary>Number of reference poses M.</summary>
    public long ReferenceCount { get; }

    /// <summary>The kernel widths σ_i used (mm), given or estimated; 0 marks a joint constant in the reference set.</summary>
    public ReadOnlyMemory<float> Sigma => _sigma;

    /// <summary>Worst-case absolute error of every occurrence value against the definition: 0 in exact mode (up to
    /// float rounding, about 1e-6); in fast mode the mean over joints of the per-joint grid bounds.</summary>
    public double ErrorBound { get; }

    /// <summary>The grid step actually used for each joint in fast mode (mm; 0 for constant joints); empty in exact mode.</summary>
    public float[] GridSteps => _grids is null ? [] : _grids.Select(g => g is null ? 0f : (float)g.Step).ToArray();

    /// <summary>Fits on the poses of a data view's column (read once into memory).</summary>
    /// <exception cref="SchemaMismatchException">The column is not float[J,3].</exception>
    public static OccurrenceScorer Fit(IDataView reference, RarePoseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= new RarePoseOptions();
        var joints = RequirePoseColumn(reference.Columns(), options.InputColumnName);
        return Fit(reference.ReadFloats(options.InputColumnName), joints, options, source: $"reference column {options.InputColumnName}");
    }

    /// <summary>Fits on reference poses <paramref name="poses"/>, row-major [M, J, 3] (mm).</summary>
    /// <exception cref="InvalidOptionException">Bad options (σ count, root joint) or an empty reference set.</exception>
    /// <exception cref="DataFormatException">A reference coordinate is NaN or infinite.</exception>
    public static OccurrenceScorer Fit(ReadOnlySpan<float> poses, int joints, RarePoseOptions? options = null) =>
        Fit(poses, joints, options, "reference poses");

    private static unsafe OccurrenceScorer Fit(ReadOnlySpan<float> poses, int joints, RarePoseOptions? options, string source)
    {
        options ??= new RarePoseOptions();
        options.Validate();
        CheckShape(poses.Length, joints, "reference poses");
        var m = poses.Length / (joints * 3);
        if (m == 0) throw new InvalidOptionException("reference", "the reference set is empty; occurrence needs at least one pose");
        if (options.RootJoint >= joints) throw new InvalidOptionException(nameof(RarePoseOptions.RootJoint), $"joint {options.RootJoint} does not exist in poses of {joints} joints");
        if (options.Sigma is { } given && given.Length != joints)
            throw new InvalidOptionException(nameof(RarePoseOptions.Sigma), $"expected one σ per joint ({joints}), got {given.Length}");
        var bad = poses.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
        if (bad >= 0)
            throw new DataFormatException(source, $"coordinate {poses[bad]} of joint {bad / 3 % joints} is not finite; the reference set must be complete", bad / (joints * 3) + 1, options.InputColumnName);

        var sigma = new float[joints];
        var constant = new float[joints * 3];
        var scaled = options.Mode == OccurrenceMode.Exact ? new float[joints][] : null;
        var grids = options.Mode == OccurrenceMode.Fast ? new JointDensityGrid?[joints] : null;
        fixed (float* p = poses)
        {
            var address = (nint)p;
            var length = poses.Length;
            Parallel.For(0, joints, j =>
            {
                var all = new ReadOnlySpan<float>((float*)address, length);
                var x = new float[m];
                var y = new float[m];
                var z = new float[m];
                RootRelative(all, joints, j, options.RootJoint, x, y, z);
                var s = options.Sigma is { } fixedSigma ? fixedSigma[j] : StandardDeviation(x, y, z, constant.AsSpan(j * 3, 3));
                sigma[j] = s;
                if (s == 0) return; // a constant joint (default σ only): scored by equality
                if (scaled is not null)
                {
                    var a = (float)(1 / (s * Math.Sqrt(2)));
                    var soa = new float[3 * m];
                    System.Numerics.Tensors.TensorPrimitives.Multiply(x, a, soa.AsSpan(0, m));
                    System.Numerics.Tensors.TensorPrimitives.Multiply(y, a, soa.AsSpan(m, m));
                    System.Numerics.Tensors.TensorPrimitives.Multiply(z, a, soa.AsSpan(2 * m, m));
                    scaled[j] = soa;
                }
                else
                {
                    grids![j] = JointDensityGrid.Build(x, y, z, s, options.GridStepsPerSigma, options.CutoffSigmas, options.MaximumGridNodesPerJoint);
                }
            });
        }
        return new OccurrenceScorer(options, joints, m, sigma, constant, scaled, grids);
    }

    /// <summary>The occurrence of each pose in <paramref name="poses"/> (row-major [N, J, 3], mm), written to
    /// <paramref name="occurrence"/> (N values). A pose with a NaN coordinate scores NaN.</summary>
    /// <exception cref="InvalidOptionException">The lengths do not describe N poses of <see cref="Joints"/> joints.</exception>
    public unsafe void Score(ReadOnlySpan<float> poses, Span<float> occurrence)
    {
        CheckShape(poses.Length, Joints, "poses");
        var n = poses.Length / (Joints * 3);
        if (occurrence.Length != n)
            throw new InvalidOptionException(nameof(occurrence), $"expected {n} values (one per pose), got {occurrence.Length}");
        const int chunk = 256;
        var chunks = (n + chunk - 1) / chunk;
        fixed (float* p = poses)
        fixed (float* o = occurrence)
        {
            nint pa = (nint)p, oa = (nint)o;
            var length = poses.Length;
            Parallel.For(0, chunks, () => new float[1024], (c, _, scratch) =>
            {
                var start = c * chunk;
                var count = Math.Min(chunk, n - start);
                var all = new ReadOnlySpan<float>((float*)pa, length);
                var output = new Span<float>((float*)oa + start, count);
                ScoreChunk(all.Slice(start * Joints * 3, count * Joints * 3), output, scratch);
                return scratch;
            }, _ => { });
        }
    }

    /// <summary>The occurrence of each pose (row-major [N, J, 3], mm), as a new array.</summary>
    public float[] Score(ReadOnlySpan<float> poses)
    {
        var result = new float[poses.Length / Math.Max(1, Joints * 3)];
        Score(poses, result);
        return result;
    }

    private void ScoreChunk(ReadOnlySpan<float> poses, Span<float> output, float[] scratch)
    {
        var stride = Joints * 3;
        var count = output.Length;
        Span<double> sums = count <= 256 ? stackalloc double[count] : new double[count];
        sums.Clear();
        var root = Options.RootJoint;
        for (var j = 0; j < Joints; j++)
        {
            // joint by joint, so one joint's grid or reference stays in cache for the whole chunk
            for (var r = 0; r < count; r++)
            {
                var pose = poses.Slice(r * stride, stride);
                float rx = 0, ry = 0, rz = 0;
                if (root >= 0) { rx = pose[root * 3]; ry = pose[root * 3 + 1]; rz = pose[root * 3 + 2]; }
                var x = pose[j * 3] - rx;
                var y = pose[j * 3 + 1] - ry;
                var z = pose[j * 3 + 2] - rz;
                sums[r] += JointTerm(j, x, y, z, scratch);
            }
        }
        for (var r = 0; r < count; r++) output[r] = (float)(sums[r] / Joints);
    }

    /// <summary><c>(1/M) Σ_m exp(−‖q − p_m‖² / 2σ_j²)</c> for one root-relative joint position.</summary>
    private double JointTerm(int j, float x, float y, float z, float[] scratch)
    {
        if (float.IsNaN(x) || float.IsNaN(y) || float.IsNaN(z)) return double.NaN;
        var s = _sigma[j];
        if (s == 0)
            return x == _constant[j * 3] && y == _constant[j * 3 + 1] && z == _constant[j * 3 + 2] ? 1 : 0;
        if (_grids is not null) return _grids[j]!.Evaluate(x, y, z);
        var soa = _scaled![j];
        var m = (int)ReferenceCount;
        var a = (float)(1 / (s * Math.Sqrt(2)));
        return ExactOccurrence.KernelSum(soa.AsSpan(0, m), soa.AsSpan(m, m), soa.AsSpan(2 * m, m), x * a, y * a, z * a, scratch) / m;
    }

    private double ComputeErrorBound()
    {
        if (_grids is null) return 0;
        double total = 0;
        foreach (var g in _grids.Select((g, j) => (g, j)))
        {
            if (g.g is not null) total += JointDensityGrid.ErrorBound(g.g.Step, _sigma[g.j], Options.CutoffSigmas);
        }
        return total / Joints;
    }

    private static void RootRelative(ReadOnlySpan<float> poses, int joints, int j, int root, Span<float> x, Span<float> y, Span<float> z)
    {
        var stride = joints * 3;
        for (var m = 0; m < x.Length; m++)
        {
            var pose = poses.Slice(m * stride, stride);
            if (root >= 0)
            {
                x[m] = pose[j * 3] - pose[root * 3];
                y[m] = pose[j * 3 + 1] - pose[root * 3 + 1];
                z[m] = pose[j * 3 + 2] - pose[root * 3 + 2];
            }
            else
            {
                x[m] = pose[j * 3];
                y[m] = pose[j * 3 + 1];
                z[m] = pose[j * 3 + 2];
            }
        }
    }

    /// <summary>σ² = mean of the three per-axis (population) variances; exactly 0 when every reference position is
    /// identical (then <paramref name="value"/> holds it).</summary>
    private static float StandardDeviation(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> value)
    {
        var isConstant = x.IndexOfAnyExcept(x[0]) < 0 && y.IndexOfAnyExcept(y[0]) < 0 && z.IndexOfAnyExcept(z[0]) < 0;
        value[0] = x[0];
        value[1] = y[0];
        value[2] = z[0];
        if (isConstant) return 0;
        return (float)Math.Sqrt((Variance(x) + Variance(y) + Variance(z)) / 3);
    }

    private static double Variance(ReadOnlySpan<float> v)
    {
        double sum = 0;
        foreach (var a in v) sum += a;
        var mean = sum / v.Length;
        double squares = 0;
        foreach (var a in v) squares += (a - mean) * (a - mean);
        return squares / v.Length;
    }

    private static void CheckShape(int length, int joints, string what)
    {
        if (joints <= 0) throw new InvalidOptionException("joints", $"must be positive, got {joints}");
        if (length % (joints * 3) != 0)
            throw new InvalidOptionException(what, $"{length} values is not a whole number of poses of {joints} joints × 3 coordinates");
    }

    internal static int RequirePoseColumn(BatchSchema schema, string column)
    {
        var c = schema[column];
        if (c.Type.Kind != DataKind.Float32 || c.Type.Shape.Length != 2 || c.Type.Shape[1] != 3)
            throw new SchemaMismatchException(column, $"expected 3D poses float[J,3] (mm), found {c.Type}");
        return c.Type.Shape[0];
    }
}
