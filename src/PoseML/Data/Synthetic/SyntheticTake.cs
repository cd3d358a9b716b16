namespace PoseML.Data.Synthetic;

/// <summary>One generated take: who, what, and where its frames are in the world view.</summary>
/// <param name="Subject">Subject name, e.g. <c>SynthS1</c>.</param>
/// <param name="Action">Action family.</param>
/// <param name="Take">Take number within the subject and action, from 1.</param>
/// <param name="ActionName">The <c>Action</c> column value, e.g. <c>Walk 1</c>.</param>
/// <param name="FirstRow">Row of the take's frame 0 in <see cref="SyntheticDataset.World"/>.</param>
/// <param name="FrameCount">Number of frames.</param>
public sealed record SyntheticTake(string Subject, SyntheticAction Action, int Take, string ActionName, int FirstRow, int FrameCount);
