namespace PoseML.Pipeline;

/// <summary>Implemented by estimators and transformers that were created in a <see cref="PoseContext"/>,
/// so that composites (chains, cross-validation) can report progress and honour cancellation through it.</summary>
public interface IHasPoseContext
{
    /// <summary>The context the object was created in.</summary>
    PoseContext Context { get; }
}
