using PoseML.Data.View;
using PoseML.Pipeline.Persistence;

namespace PoseML.Pipeline.Catalogs;

/// <summary>Saving and loading models (<c>ctx.Model</c>, ML.NET's <c>ModelOperationsCatalog</c>); the
/// format is described in <see cref="ModelStore"/>.</summary>
public sealed class ModelOperationsCatalog : CatalogBase
{
    internal ModelOperationsCatalog(PoseContext context) : base(context) { }

    /// <summary>Saves <paramref name="model"/> and the schema of the data it expects to <paramref name="filePath"/>, atomically.</summary>
    public void Save(ITransformer model, BatchSchema inputSchema, string filePath) => ModelStore.Save(model, inputSchema, filePath);

    /// <summary>Saves <paramref name="model"/> to <paramref name="stream"/> (left open).</summary>
    public void Save(ITransformer model, BatchSchema inputSchema, Stream stream) => ModelStore.Save(model, inputSchema, stream);

    /// <summary>Loads a model and the schema of the data it expects.</summary>
    public ITransformer Load(string filePath, out BatchSchema inputSchema) => ModelStore.Load(Context, filePath, out inputSchema);

    /// <summary>Loads a model from <paramref name="stream"/>.</summary>
    public ITransformer Load(Stream stream, out BatchSchema inputSchema) => ModelStore.Load(Context, stream, out inputSchema);
}
