using System.Globalization;

namespace PoseML.Pipeline.CrossValidation;

/// <summary>Mean and sample standard deviation (n − 1 in the denominator; 0 for a single value) of one
/// metric over the folds of a cross-validation or the trials of a search.</summary>
public sealed record MetricStatistics(double Mean, double StandardDeviation, int Count)
{
    /// <summary>Summarises <paramref name="values"/>.</summary>
    public static MetricStatistics Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return new MetricStatistics(double.NaN, double.NaN, 0);
        var mean = values.Average();
        var ss = values.Sum(v => (v - mean) * (v - mean));
        return new MetricStatistics(mean, values.Count > 1 ? Math.Sqrt(ss / (values.Count - 1)) : 0, values.Count);
    }

    /// <summary>E.g. <c>45.21 ± 3.10</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Mean:0.###} ± {StandardDeviation:0.###}");
}
