using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;

namespace PoseML.Evaluation.Protocols;

/// <summary>The Cross Dataset Protocol's precondition: source and target poses share one skeleton.</summary>
public static class CrossDatasetProtocol
{
    /// <summary>Throws when the label column of <paramref name="target"/> has another type (joint count) than that of
    /// <paramref name="source"/>.</summary>
    /// <exception cref="SchemaMismatchException">The column is missing in either set or the types differ.</exception>
    public static void CheckSameSkeleton(IDataView source, IDataView target, string labelColumnName)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var s = source.Columns()[labelColumnName].Type;
        var t = target.Columns()[labelColumnName].Type;
        if (!s.Equals(t)) throw new SchemaMismatchException(labelColumnName, $"expected the target's {t} to match the source's {s} (map both datasets to one skeleton first)");
    }
}
