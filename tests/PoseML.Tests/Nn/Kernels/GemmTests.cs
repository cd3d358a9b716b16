using PoseML.Core;
using PoseML.Nn.Kernels;

namespace PoseML.Tests.Nn.Kernels;

[TestClass]
public sealed class GemmTests
{
    // Tolerance: each of the k fused multiply-adds of a float32 dot product rounds once, with relative
    // error ≤ u = 2⁻²⁴ of a partial sum bounded by Σ|a·b|, so |error| ≤ k·u·Σ|a·b| (the classical γ_k
    // bound); alpha, the KC-block merges and the beta FMA add a few more roundings of magnitude
    // ≤ u·(|alpha|·Σ|a·b| + |beta·c|). We allow (k + 4)·u·(|alpha|·Σ|a·b| + |beta·c|) plus one
    // denormal-scale absolute term; the reference accumulates in double (error ≪ this bound).
    private const double UnitRoundoff = 1.0 / (1 << 24);

    private static readonly (bool TransA, bool TransB)[] Variants = [(false, false), (false, true), (true, false), (true, true)];

    private static IEnumerable<GemmKernelKind> Kernels() =>
        Enum.GetValues<GemmKernelKind>().Where(Gemm.IsSupported);

    [TestMethod]
    public void Multiply_MatchesReference_ForEveryM()
    {
        for (var m = 1; m <= 130; m++) CheckAllVariants(m, 37, 29, seed: m);
    }

    [TestMethod]
    public void Multiply_MatchesReference_ForEveryN()
    {
        for (var n = 1; n <= 130; n++) CheckAllVariants(11, n, 29, seed: 1000 + n);
    }

    [TestMethod]
    public void Multiply_MatchesReference_ForEveryK()
    {
        for (var k = 1; k <= 130; k++) CheckAllVariants(11, 37, k, seed: 2000 + k);
    }

    [TestMethod]
    [DataRow(0f, DisplayName = "beta 0 overwrites NaN")]
    [DataRow(1f, DisplayName = "beta 1 accumulates")]
    [DataRow(-0.75f, DisplayName = "beta -0.75")]
    public void Multiply_AppliesAlphaAndBeta_AcrossKcAndMcBlocks(float beta)
    {
        // k > KC, m > MC: several packed blocks, beta applied only with the first k block.
        foreach (var (ta, tb) in Variants)
            foreach (var kernel in Kernels())
                Check(kernel, ta, tb, 203, 45, 600, alpha: 1.5f, beta, threads: 2, seed: 7, padding: 2);
    }

    [TestMethod]
    public void Multiply_HandlesMoreColumnsThanOnePackedPanel()
    {
        foreach (var kernel in Kernels())
        {
            // 9·4133·60 multiply-adds: above Gemm.SharedPackingMinWork, so two threads share the packing.
            Check(kernel, false, false, 9, GemmBlocking.NC + 37, 60, 1f, 0.5f, threads: 2, seed: 3, padding: 1);
            Check(kernel, true, true, 9, GemmBlocking.NC + 37, 5, 1f, 0f, threads: 1, seed: 4, padding: 0);
        }
    }

    [TestMethod]
    public void Multiply_TallProductOnTwoThreads_MatchesReferenceAcrossRowSlabs()
    {
        // More rows than one shared packing slab holds.
        Check(Gemm.DefaultKernel, false, true, 8192 + 21, 33, 9, 1f, 0.5f, threads: 2, seed: 9, padding: 1);
    }

    [TestMethod]
    public void Multiply_IsBitIdenticalAcrossThreadCountsAndKernels()
    {
        foreach (var (ta, tb) in Variants)
        {
            float[]? expected = null;
            foreach (var kernel in Kernels())
            {
                foreach (var threads in new[] { 1, 2, 3 })
                {
                    var (a, lda, b, ldb, c, ldc) = Operands(ta, tb, 150, 77, 300, padding: 1, seed: 11, cFill: 0.25f);
                    Gemm.MultiplyGrouped(kernel, 1, ta, tb, 150, 77, 300, 0.9f, a, lda, 0, b, ldb, 0, 0.3f, c, ldc, 0, threads, parallelThreshold: 0);
                    if (expected is null) expected = c;
                    else CollectionAssert.AreEqual(expected, c, $"{kernel}, {threads} threads, transA={ta}, transB={tb}");
                }
            }
        }
    }

    [TestMethod]
    public void Multiply_OneRowTimesB_IsBitIdenticalToThatRowInsideABatch()
    {
        // The m = 1 streaming path (x·B) promises the packed path's rounding; k > KC crosses block merges.
        const int m = 9, n = 45, k = 601;
        var (a, lda, b, ldb, c, ldc) = Operands(false, false, m, n, k, padding: 0, seed: 5, cFill: 0.5f);
        var batch = (float[])c.Clone();
        Gemm.MultiplyGrouped(Gemm.DefaultKernel, 1, false, false, m, n, k, 1.25f, a, lda, 0, b, ldb, 0, 0.5f, batch, ldc, 0, 1, long.MaxValue);
        foreach (var threads in new[] { 1, 2 })
        {
            for (var i = 0; i < m; i++)
            {
                var row = c.AsSpan(i * ldc, n).ToArray();
                Gemm.MultiplyGrouped(Gemm.DefaultKernel, 1, false, false, 1, n, k, 1.25f, a.AsSpan(i * lda), lda, 0, b, ldb, 0, 0.5f, row, ldc, 0, threads, 0);
                CollectionAssert.AreEqual(batch.AsSpan(i * ldc, n).ToArray(), row, $"row {i}, {threads} threads");
            }
        }
    }

    [TestMethod]
    public void Multiply_SteadyStateCalls_AllocateNothingOnTheCallingThread()
    {
        // Packed-buffer growth happens on the first call; repeated calls of every path must not allocate.
        var a = new float[300 * 300];
        var b = new float[300 * 300];
        var c = new float[300 * 300];
        void Calls()
        {
            Gemm.Multiply(false, true, 300, 300, 300, 1f, a, 300, b, 300, 0f, c, 300, 2);   // shared packing, 2 threads
            Gemm.Multiply(true, false, 40, 50, 60, 1f, a, 40, b, 50, 1f, c, 50, 1);          // packed, 1 thread
            Gemm.Multiply(false, true, 1, 300, 300, 1f, a, 300, b, 300, 0f, c, 300, 2);      // GEMV dot form
            Gemm.Multiply(true, false, 1, 300, 300, 1f, a, 1, b, 300, 0f, c, 300, 1);        // GEMV axpy, gathered x
            Gemm.MultiplyGrouped(3, false, true, 20, 30, 20, 1f, a, 60, 20, b, 20, 600, 0f, c, 90, 30, 2);
        }
        Calls();
        Calls();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5; i++) Calls();
        Assert.AreEqual(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [TestMethod]
    public void Multiply_MatrixVectorDotForm_IsBitIdenticalAcrossThreadCounts()
    {
        // x·Wᵀ at batch 1 (and W·x for one column) sums in vector lanes; the split must not change the bits.
        foreach (var (m, n, ta, tb) in new[] { (1, 1030, false, true), (1030, 1, false, false) })
        {
            float[]? expected = null;
            foreach (var threads in new[] { 1, 2, 3 })
            {
                var (a, lda, b, ldb, c, ldc) = Operands(ta, tb, m, n, 300, padding: 1, seed: 13, cFill: 0.5f);
                Gemm.MultiplyGrouped(Gemm.DefaultKernel, 1, ta, tb, m, n, 300, 1f, a, lda, 0, b, ldb, 0, 1f, c, ldc, 0, threads, parallelThreshold: 0);
                if (expected is null) expected = c;
                else CollectionAssert.AreEqual(expected, c, $"m={m} n={n}, {threads} threads");
            }
        }
    }

    [TestMethod]
    public void Multiply_KZeroOrAlphaZero_ScalesCByBeta()
    {
        var c = new[] { 1f, 2f, float.NaN, 4f };
        Gemm.Multiply(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0f, c, 2);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0f, 0f }, c);
        var d = new[] { 1f, 2f, 3f, 4f };
        Gemm.Multiply(false, false, 2, 2, 2, 0f, new float[4], 2, new float[4], 2, 2f, d, 2);
        CollectionAssert.AreEqual(new[] { 2f, 4f, 6f, 8f }, d);
    }

    [TestMethod]
    public void Multiply_RejectsTooShortOperandsAndLeadingDimensions()
    {
        var e = Assert.ThrowsExactly<InvalidOptionException>(() =>
            Gemm.Multiply(false, false, 3, 4, 5, 1f, new float[14], 5, new float[20], 4, 0f, new float[12], 4));
        StringAssert.Contains(e.Message, "'a'");
        StringAssert.Contains(e.Message, "need 15");
        var l = Assert.ThrowsExactly<InvalidOptionException>(() =>
            Gemm.Multiply(false, true, 3, 4, 5, 1f, new float[15], 5, new float[20], 4, 0f, new float[12], 4));
        StringAssert.Contains(l.Message, "ldb");
        Assert.ThrowsExactly<InvalidOptionException>(() =>
            Gemm.Multiply(false, false, -1, 4, 5, 1f, new float[15], 5, new float[20], 4, 0f, new float[12], 4));
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(7)]
    [DataRow(64)]
    public void MultiplyGrouped_MatchesLoopOfReferenceProducts_InGroupLifterLayout(int batch)
    {
        // X [batch, G·in] · W[g]ᵀ, W [G, out, in] → Y [batch, G·out] (forward), and the two backward products.
        const int groups = 5, inDim = 20, outDim = 30;
        var rng = new Random(batch);
        var x = RandomArray(rng, batch * groups * inDim);
        var w = RandomArray(rng, groups * outDim * inDim);
        var dy = RandomArray(rng, batch * groups * outDim);
        foreach (var kernel in Kernels())
        {
            foreach (var threads in new[] { 1, 2 })
            {
                // Forward: Y = X Wᵀ per group.
                var y = Filled(batch * groups * outDim, float.NaN);
                Gemm.MultiplyGrouped(kernel, groups, false, true, batch, outDim, inDim, 1f, x, groups * inDim, inDim, w, inDim,
                    (long)outDim * inDim, 0f, y, groups * outDim, outDim, threads, parallelThreshold: 0);
                var yRef = new float[y.Length];
                for (var g = 0; g < groups; g++)
                    GemmReference.Multiply(false, true, batch, outDim, inDim, 1f, x.AsSpan(g * inDim), groups * inDim,
                        w.AsSpan(g * outDim * inDim), inDim, 0f, yRef.AsSpan(g * outDim), groups * outDim);
                AssertClose(yRef, y, inDim, $"forward {kernel} t{threads}");

                // dW[g] += dY[g]ᵀ X[g] (beta 1): [out, in].
                var dw = Filled(w.Length, 0.5f);
                var dwRef = Filled(w.Length, 0.5f);
                Gemm.MultiplyGrouped(kernel, groups, true, false, outDim, inDim, batch, 1f, dy, groups * outDim, outDim, x, groups * inDim,
                    inDim, 1f, dw, inDim, (long)outDim * inDim, threads, parallelThreshold: 0);
                for (var g = 0; g < groups; g++)
                    GemmReference.Multiply(true, false, outDim, inDim, batch, 1f, dy.AsSpan(g * outDim), groups * outDim,
                        x.AsSpan(g * inDim), groups * inDim, 1f, dwRef.AsSpan(g * outDim * inDim), inDim);
                AssertClose(dwRef, dw, batch + 1, $"weight gradient {kernel} t{threads}");

                // dX = dY W per group.
                var dx = Filled(x.Length, float.NaN);
                var dxRef = new float[x.Length];
                Gemm.MultiplyGrouped(kernel, groups, false, false, batch, inDim, outDim, 1f, dy, groups * outDim, outDim, w, inDim,
                    (long)outDim * inDim, 0f, dx, groups * inDim, inDim, threads, parallelThreshold: 0);
                for (var g = 0; g < groups; g++)
                    GemmReference.Multiply(false, false, batch, inDim, outDim, 1f, dy.AsSpan(g * outDim), groups * outDim,
                        w.AsSpan(g * outDim * inDim), inDim, 0f, dxRef.AsSpan(g * inDim), groups * inDim);
                AssertClose(dxRef, dx, outDim, $"input gradient {kernel} t{threads}");
            }
        }
    }

    private static void CheckAllVariants(int m, int n, int k, int seed)
    {
        var rng = new Random(seed);
        foreach (var (ta, tb) in Variants)
        {
            foreach (var kernel in Kernels())
            {
                // Rotate alpha/beta/threads/padding through the sweep instead of taking their full product.
                var choice = rng.Next(6);
                var (alpha, beta) = choice switch { 0 => (1f, 0f), 1 => (1f, 1f), 2 => (-0.5f, 0.25f), 3 => (2f, 0f), 4 => (1f, -1f), _ => (0.3f, 1f) };
                Check(kernel, ta, tb, m, n, k, alpha, beta, threads: 1 + rng.Next(2), seed: rng.Next(), padding: rng.Next(3));
            }
        }
    }

    private static void Check(GemmKernelKind kernel, bool ta, bool tb, int m, int n, int k, float alpha, float beta, int threads, int seed, int padding)
    {
        var (a, lda, b, ldb, c, ldc) = Operands(ta, tb, m, n, k, padding, seed, cFill: beta == 0f ? float.NaN : null);
        var expected = (float[])c.Clone();
        GemmReference.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        var c0 = (float[])c.Clone();
        Gemm.MultiplyGrouped(kernel, 1, ta, tb, m, n, k, alpha, a, lda, 0, b, ldb, 0, beta, c, ldc, 0, threads, parallelThreshold: 0);

        // Σ|a·b| per element, for the error bound.
        var absA = a.Select(v => float.IsNaN(v) ? 0f : Math.Abs(v)).ToArray();
        var absB = b.Select(v => float.IsNaN(v) ? 0f : Math.Abs(v)).ToArray();
        var magnitude = new float[c.Length];
        GemmReference.Multiply(ta, tb, m, n, k, 1f, absA, lda, absB, ldb, 0f, magnitude, ldc);
        var where = $"{kernel} m={m} n={n} k={k} transA={ta} transB={tb} alpha={alpha} beta={beta} threads={threads} pad={padding}";
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var at = i * ldc + j;
                var prior = beta == 0f ? 0.0 : Math.Abs(beta * (double)c0[at]);
                var bound = (k + 4) * UnitRoundoff * (Math.Abs(alpha) * magnitude[at] + prior) + 1e-30;
                if (!(Math.Abs(c[at] - expected[at]) <= bound))
                    Assert.Fail($"{where}: C[{i},{j}] = {c[at]}, reference {expected[at]}, bound {bound:G3}");
            }
            for (var j = n; j < ldc && i < m - 1; j++)
                Assert.AreEqual(BitConverter.SingleToInt32Bits(c0[i * ldc + j]), BitConverter.SingleToInt32Bits(c[i * ldc + j]), $"{where}: padding of C row {i} was written");
        }
    }

    // Random operands stored with row padding (NaN-filled, so reading it would show), C filled at random or with cFill.
    private static (float[] A, int Lda, float[] B, int Ldb, float[] C, int Ldc) Operands(bool ta, bool tb, int m, int n, int k, int padding, int seed, float? cFill)
    {
        var rng = new Random(seed);
        var (aRows, aCols) = ta ? (k, m) : (m, k);
        var (bRows, bCols) = tb ? (n, k) : (k, n);
        var lda = aCols + padding;
        var ldb = bCols + padding;
        var ldc = n + padding;
        return (Padded(rng, aRows, aCols, lda), lda, Padded(rng, bRows, bCols, ldb), ldb, Padded(rng, m, n, ldc, cFill), ldc);
    }

    private static float[] Padded(Random rng, int rows, int cols, int ld, float? fill = null)
    {
        var data = Filled(Math.Max(0, (rows - 1) * ld + cols), float.NaN);
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < cols; j++)
                data[r * ld + j] = fill ?? (float)(rng.NextDouble() * 2 - 1);
        return data;
    }

    private static float[] RandomArray(Random rng, int length)
    {
        var data = new float[length];
        for (var i = 0; i < length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        return data;
    }

    private static float[] Filled(int length, float value)
    {
        var data = new float[length];
        Array.Fill(data, value);
        return data;
    }

    // For operands in [-1, 1] (and C priors of 0.5), Σ|a·b| + |c| ≤ k + 1: the γ_k bound scaled by that.
    private static void AssertClose(float[] expected, float[] actual, int k, string what)
    {
        var bound = (k + 4) * UnitRoundoff * (k + 1);
        for (var i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= bound))
                Assert.Fail($"{what}: element {i} = {actual[i]}, reference {expected[i]}, bound {bound:G3}");
    }
}
