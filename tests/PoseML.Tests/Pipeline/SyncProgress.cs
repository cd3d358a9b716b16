using PoseML.MLNet;

namespace PoseML.Tests.Pipeline;

/// <summary>An <see cref="IProgress{T}"/> that calls back synchronously (unlike <see cref="Progress{T}"/>), so a
/// test can act (e.g. cancel) at an exact step.</summary>
internal sealed class SyncProgress(Action<PipelineProgress> report) : IProgress<PipelineProgress>
{
    public void Report(PipelineProgress value) => report(value);
}
