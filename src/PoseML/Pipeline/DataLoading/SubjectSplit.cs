using Microsoft.ML;

namespace PoseML.Pipeline.DataLoading;

/// <summary>The two sides of <see cref="PoseDataExtensions.SplitBySubject"/> and the key values (subjects) in the
/// test side; deconstructs as <c>var (train, test, testSubjects) = …</c>.</summary>
/// <param name="TrainSet">The rows of the other subjects (lazy).</param>
/// <param name="TestSet">The rows of <paramref name="TestSubjects"/> (lazy).</param>
/// <param name="TestSubjects">The held-out key values, sorted ordinally.</param>
public sealed record SubjectSplit(IDataView TrainSet, IDataView TestSet, IReadOnlyList<string> TestSubjects);
