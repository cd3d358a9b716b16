using IDataView = Microsoft.ML.IDataView;
using PoseML.Data.View;

namespace PoseML.Data.Catalog;

/// <summary>One entry of the <see cref="Datasets"/> catalog.</summary>
/// <param name="Name">The name <see cref="Datasets.Load"/> takes (lower case).</param>
/// <param name="Description">One line: what it holds, frame, units and rate.</param>
/// <param name="Load">Opens the data as a (lazy) data view with the canonical pose columns.</param>
public sealed record DatasetInfo(string Name, string Description, Func<IDataView> Load);
