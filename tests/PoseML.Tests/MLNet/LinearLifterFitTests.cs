using MathNet.Numerics.LinearAlgebra;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;
using Microsoft.ML;
using PoseML.Stages.Regression;
using PoseML.Tests.Pipeline;

namespace PoseML.Tests.MLNet;

/// <summary>What <c>mlContext.Transforms.LinearLifter</c> fits: an exact affine map, the ridge normal equations solved
/// independently, shrinkage with the penalty; and the fitted model's shape check.</summary>
[TestClass]
public sealed class LinearLifterFitTests
{
    [TestMethod]
    public void LinearLifter_FittedModelRejectsSixteenJointsWhereItWasFittedOnSeventeen()
    {
        var data = SyntheticPoses.Create(subjects: 2, framesPerSubject: 10);
        var model = new MLContext(1).Transforms.LinearLifter().Fit(data);
        var sixteen = new DataViewBuilder().AddFloat(PoseColumns.Keypoints2D, new float[16 * 2], 16, 2).Build();
        var e = Assert.ThrowsExactly<SchemaMismatchException>(() => model.Transform(sixteen));
        Assert.AreEqual("column 'Keypoints2D': expected float[17,2], found float[16,2]", e.Message);
    }

    [TestMethod]
    public void LinearLifter_RecoversAnExactAffineMap()
    {
        // y = A x + b exactly; with a negligible penalty the fit must return A and b.
        var random = new Random(3);
        var a = new double[3, 2] { { 2, -1 }, { 0.5, 3 }, { -4, 0.25 } };
        var b = new[] { 10.0, -5, 1 };
        var xs = new float[200 * 2];
        var ys = new float[200 * 3];
        for (var r = 0; r < 200; r++)
        {
            xs[r * 2] = (float)(random.NextDouble() * 4 - 2);
            xs[r * 2 + 1] = (float)(random.NextDouble() * 4 - 2);
            for (var o = 0; o < 3; o++) ys[r * 3 + o] = (float)(a[o, 0] * xs[r * 2] + a[o, 1] * xs[r * 2 + 1] + b[o]);
        }
        var data = new DataViewBuilder().AddFloat("X", xs, 1, 2).AddFloat("Y", ys, 1, 3).Build();
        var model = new MLContext(1).Transforms.LinearLifter(new LinearLifterOptions
        {
            InputColumnName = "X", LabelColumnName = "Y", OutputColumnName = "P", L2 = 1e-12,
        }).Fit(data);
        // Tolerance: float32 labels (~1e-6 relative) and the 1e-12 ridge bias.
        const double FitTolerance = 1e-4;
        for (var o = 0; o < 3; o++)
        {
            Assert.AreEqual(a[o, 0], model.Weights.Span[0 * 3 + o], FitTolerance);
            Assert.AreEqual(a[o, 1], model.Weights.Span[1 * 3 + o], FitTolerance);
            Assert.AreEqual(b[o], model.Bias.Span[o], FitTolerance);
        }
    }

    [TestMethod]
    public void LinearLifter_MatchesRidgeNormalEquationsSolvedIndependently()
    {
        var data = SyntheticPoses.Create(subjects: 2, framesPerSubject: 30);
        const double l2 = 0.5;
        var normalized = new MLContext(1).Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D, fixZero: false).Fit(data).Transform(data).Cache();
        var model = new MLContext(1).Transforms.LinearLifter(l2: l2).Fit(normalized);
        // Reference: centre X and Y, solve (XcᵀXc + nλI) W = XcᵀYc, bias = ȳ − x̄ W (the unpenalised intercept).
        var n = (int)normalized.Rows;
        var x = Matrix<double>.Build.Dense(n, 34, (r, c) => normalized.Column(PoseColumns.Keypoints2D).Floats.Span[r * 34 + c]);
        var y = Matrix<double>.Build.Dense(n, 51, (r, c) => normalized.Column(PoseColumns.Pose3D).Floats.Span[r * 51 + c]);
        var xm = x.ColumnSums() / n;
        var ym = y.ColumnSums() / n;
        var xc = x - Matrix<double>.Build.Dense(n, 34, (_, c) => xm[c]);
        var yc = y - Matrix<double>.Build.Dense(n, 51, (_, c) => ym[c]);
        var w = (xc.TransposeThisAndMultiply(xc) + Matrix<double>.Build.DenseIdentity(34) * (n * l2)).Solve(xc.TransposeThisAndMultiply(yc));
        var bias = ym - w.TransposeThisAndMultiply(xm);
        // Tolerance: weights are stored as float32 (relative 6e-8) of values up to ~1e3 mm.
        const double StoredAsFloat = 1e-3;
        for (var i = 0; i < 34; i++)
        {
            for (var j = 0; j < 51; j++) Assert.AreEqual(w[i, j], model.Weights.Span[i * 51 + j], StoredAsFloat + Math.Abs(w[i, j]) * 1e-6);
        }
        for (var j = 0; j < 51; j++) Assert.AreEqual(bias[j], model.Bias.Span[j], StoredAsFloat + Math.Abs(bias[j]) * 1e-6);
    }

    [TestMethod]
    public void LinearLifter_LargerPenaltyShrinksTheWeights()
    {
        var data = new MLContext(1).Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D, fixZero: false).Fit(SyntheticPoses.Create(2, 30)).Transform(SyntheticPoses.Create(2, 30)).Cache();
        double Norm(double l2) => new MLContext(1).Transforms.LinearLifter(l2: l2).Fit(data).Weights.ToArray().Sum(v => (double)v * v);
        Assert.IsTrue(Norm(1) < Norm(1e-3), "a stronger ridge penalty must give smaller weights");
    }

    [TestMethod]
    public void LinearLifter_RejectsNegativePenalty()
    {
        var e = Assert.ThrowsExactly<InvalidOptionException>(() => new MLContext(1).Transforms.LinearLifter(l2: -1));
        Assert.AreEqual("L2", e.Option);
    }
}
