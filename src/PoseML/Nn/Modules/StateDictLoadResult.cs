namespace PoseML.Nn.Modules;

/// <summary>What <see cref="Module.LoadStateDict"/> found: the module's keys the state lacked (left
/// unchanged) and the state's keys the module does not have (ignored). Both are empty after a strict load.</summary>
/// <param name="MissingKeys">Keys of the module absent from the state.</param>
/// <param name="UnexpectedKeys">Keys of the state absent from the module.</param>
public sealed record StateDictLoadResult(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);
