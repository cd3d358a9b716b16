namespace PoseML.Pipeline.Persistence;

/// <summary>A fitted stage that can be saved in a model (ML.NET's <c>ICanSaveModel</c>). A stage writes its
/// options, small fitted statistics and tensors through a <see cref="StageWriter"/>; a static
/// <c>Load(StageReader)</c> method, registered with <see cref="PoseStageAttribute"/> or
/// <see cref="StageRegistry.Register"/>, reads them back.</summary>
/// <example>A complete persistable stage needs about twenty lines:
/// <code>
/// [PoseStage("MyLab.Scale", formatVersion: 1)]
/// public sealed class ScaleTransformer : ITransformer, IPersistableStage
/// {
///     public string StageType => "MyLab.Scale";
///     public int FormatVersion => 1;
///     public void Save(StageWriter w) { w.WriteOptions(Options); w.WriteTensor("factor", _factor, _factor.Length); }
///     public static ScaleTransformer Load(StageReader r) =>
///         new(r.ReadOptions&lt;ScaleOptions&gt;(), r.ReadFloats("factor"));
///     // GetOutputSchema, Transform, IsRowToRowMapper …
/// }
/// </code></example>
public interface IPersistableStage
{
    /// <summary>Stable, unique name of the stage's saved form, e.g. <c>PoseML.NormalizeMeanVariance</c>.
    /// Never change it once models have been saved; prefix third-party stages with their own name.</summary>
    string StageType { get; }

    /// <summary>Version of the saved form this code writes. Increase it when the saved form changes and keep
    /// reading the older versions (<see cref="StageReader.FormatVersion"/> says which one is being read).</summary>
    int FormatVersion { get; }

    /// <summary>Writes the stage's options, fitted statistics and tensors.</summary>
    void Save(StageWriter writer);
}
