namespace PoseML.Stages.RarePose;

/// <summary>Cubic Lagrange weights on four equally spaced nodes at offsets −1, 0, 1, 2 from the cell start, for a
/// point at fraction <c>f ∈ [0, 1)</c> of the cell. They reproduce cubics exactly; on the middle cell the
/// interpolation error is at most <c>(3/128)·h⁴·max|f⁗|</c> and the Lebesgue constant (the sum of |weights|) at most 1.25.</summary>
internal static class CubicLagrange
{
    /// <summary>Maximum of the Lebesgue function on the middle cell (reached at f = 1/2: 1/16 + 9/16 + 9/16 + 1/16).</summary>
    public const double LebesgueConstant = 1.25;

    /// <summary>Interpolation error constant: <c>max_{f∈[0,1]} |(f+1) f (f−1) (f−2)| / 4! = (9/16) / 24 = 3/128</c>.</summary>
    public const double ErrorConstant = 3.0 / 128.0;

    public static void Weights(double f, out double w0, out double w1, out double w2, out double w3)
    {
        var fp1 = f + 1;
        var fm1 = f - 1;
        var fm2 = f - 2;
        w0 = -f * fm1 * fm2 * (1.0 / 6.0);
        w1 = fp1 * fm1 * fm2 * 0.5;
        w2 = -fp1 * f * fm2 * 0.5;
        w3 = fp1 * f * fm1 * (1.0 / 6.0);
    }
}
