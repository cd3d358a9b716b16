using PoseML.Evaluation;

namespace PoseML.Pipeline.CrossValidation;

/// <summary>Turns metric objects into named numbers, for means ± standard deviations over folds and for
/// search objectives.</summary>
public static class MetricValues
{
    /// <summary>The scalar entries of the standard pose metrics table: Mpjpe, PaMpjpe, NMpjpe, Pck150, Auc.</summary>
    public static IReadOnlyDictionary<string, double> ToMetricValues(this PoseMetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [nameof(PoseMetricsReport.Mpjpe)] = report.Mpjpe,
            [nameof(PoseMetricsReport.PaMpjpe)] = report.PaMpjpe,
            [nameof(PoseMetricsReport.NMpjpe)] = report.NMpjpe,
            [nameof(PoseMetricsReport.Pck150)] = report.Pck150,
            [nameof(PoseMetricsReport.Auc)] = report.Auc,
        };
    }
}
