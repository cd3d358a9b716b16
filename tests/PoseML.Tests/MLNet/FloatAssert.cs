namespace PoseML.Tests.MLNet;

/// <summary>Element-wise comparisons of float outputs shared by the ML.NET stage tests.</summary>
internal static class FloatAssert
{
    /// <summary>Every value has the same bits (NaN payloads included).</summary>
    public static void Bitwise(float[] expected, float[] actual, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: value {i} is {actual[i]:R}, expected {expected[i]:R}");
        }
    }

    /// <summary>Every value within <paramref name="tolerance"/> of the expected one, NaN exactly where expected;
    /// returns the largest difference.</summary>
    public static float Close(float[] expected, float[] actual, float tolerance, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            if (float.IsNaN(expected[i]) || float.IsNaN(actual[i]))
            {
                Assert.AreEqual(float.IsNaN(expected[i]), float.IsNaN(actual[i]), $"{what}: value {i} is {actual[i]}, expected {expected[i]}");
                continue;
            }
            var d = MathF.Abs(expected[i] - actual[i]);
            worst = MathF.Max(worst, d);
            Assert.IsTrue(d <= tolerance, $"{what}: value {i} is {actual[i]:R}, expected {expected[i]:R} (±{tolerance})");
        }
        return worst;
    }
}
