using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data;
using PoseML.Data.View;

namespace PoseML.Evaluation.Protocols;

/// <summary>The Cross Action Protocol (used by SRNet §4.2 after Fang et al.): train on one action only, test on all
/// actions, so the test set is full of poses the model never saw. Training rows come from the training subjects,
/// test rows from the test subjects.</summary>
public static class CrossActionProtocol
{
    /// <summary>True when <paramref name="action"/> is <paramref name="trainAction"/> or one of its takes: the name
    /// itself, or the name followed by a space and anything (<c>Walk</c> matches <c>Walk</c>, <c>Walk 01</c>, <c>Walk 2</c>;
    /// not <c>WalkDog</c>). Ordinal, case-sensitive.</summary>
    public static bool IsAction(string action, string trainAction) =>
        action == trainAction || (action.Length > trainAction.Length + 1 && action.StartsWith(trainAction, StringComparison.Ordinal) && action[trainAction.Length] == ' ');

    /// <summary>The training rows (action <paramref name="trainAction"/>, subjects in <paramref name="trainSubjects"/>) and
    /// the test rows (every action, subjects in <paramref name="testSubjects"/>). Null subject lists mean all subjects.</summary>
    /// <exception cref="InvalidOptionException">No row has the training action, or the subject lists overlap.</exception>
    public static (IDataView Train, IDataView Test) Split(IDataView data, string trainAction,
        IReadOnlyCollection<string>? trainSubjects = null, IReadOnlyCollection<string>? testSubjects = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (string.IsNullOrWhiteSpace(trainAction)) throw new InvalidOptionException(nameof(trainAction), "must name an action");
        data.Columns().Require(PoseColumns.Action, ColumnType.Text);
        var actions = data.DistinctTexts(PoseColumns.Action);
        if (!actions.Any(a => IsAction(a, trainAction)))
            throw new InvalidOptionException(nameof(trainAction), $"no row has action '{trainAction}'; the data has {string.Join(", ", actions.Take(20))}");
        var trainSet = trainSubjects is null ? null : new HashSet<string>(trainSubjects, StringComparer.Ordinal);
        var testSet = testSubjects is null ? null : new HashSet<string>(testSubjects, StringComparer.Ordinal);
        if (trainSet is not null && testSet is not null && trainSet.Overlaps(testSet))
            throw new InvalidOptionException(nameof(testSubjects), $"subjects {string.Join(", ", trainSet.Intersect(testSet))} are in both the training and the test subjects");
        IDataView train = data.FilterByText(PoseColumns.Action, a => IsAction(a, trainAction));
        if (trainSet is not null) train = train.FilterByText(PoseColumns.Subject, trainSet.Contains);
        var test = testSet is null ? data : data.FilterByText(PoseColumns.Subject, testSet.Contains);
        return (train, test);
    }
}
