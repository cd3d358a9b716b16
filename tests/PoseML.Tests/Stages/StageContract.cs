using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Pipeline.Persistence;

namespace PoseML.Tests.Stages;

/// <summary>The stage contract every pipeline stage passes (DESIGN.md §3.12, after ML.NET's
/// <c>TestEstimatorCore</c>): the declared output schema is computed without reading data and equals what
/// fitting and transforming produce; transforming is lazy; a seeded refit reproduces the output; save → load
/// reproduces it bit for bit and the saved form is stable; the stage type is registered; invalid input is
/// rejected with a clear error — schema problems before any row is read, naming the column and both types.</summary>
/// <example><code>
/// StageContract.Run(ctx => ctx.Transforms.NormalizeMeanVariance(), data,
///     StageContract.MissingColumn(data, "Keypoints2D"),
///     StageContract.WrongType(data, "Keypoints2D", ColumnType.Float(16, 2)),
///     StageContract.NonFinite(data, "Keypoints2D"));
/// </code></example>
public static class StageContract
{
    /// <summary>An input the stage must reject. <see cref="SchemaLevel"/> cases must fail in
    /// <c>GetOutputSchema</c> and before <c>Fit</c> reads a row; the others when the data is read.
    /// <see cref="AtEstimator"/> false: only the fitted model rejects it (e.g. a shape the estimator accepts in
    /// general but the model was not fitted on); <see cref="AlsoAtTransform"/> false: only the estimator does
    /// (e.g. a label column the fitted model does not read).</summary>
    public sealed record InvalidCase(string Name, IDataView Data, string Column, bool SchemaLevel, bool AlsoAtTransform, string? FoundType = null, bool AtEstimator = true);

    /// <summary>The data without <paramref name="column"/>. <paramref name="alsoAtTransform"/>: the fitted stage
    /// reads it too (false for a label column).</summary>
    public static InvalidCase MissingColumn(IDataView valid, string column, bool alsoAtTransform = true) =>
        new($"missing {column}", valid.SelectColumns(valid.Schema.Where(c => c.Name != column).Select(c => c.Name).ToArray()),
            column, SchemaLevel: true, alsoAtTransform);

    /// <summary>The data with <paramref name="column"/> replaced by zeros of <paramref name="wrongType"/>
    /// (e.g. 16 joints where 17 are expected).</summary>
    public static InvalidCase WrongType(IDataView valid, string column, ColumnType wrongType, bool alsoAtTransform = true, bool atEstimator = true)
    {
        var rows = (int)valid.CountRows();
        ColumnBuffer values = wrongType.Kind switch
        {
            DataKind.Float32 => ColumnBuffer.Of(new float[rows * wrongType.ElementCount]),
            DataKind.Int32 => ColumnBuffer.Of(new int[rows * wrongType.ElementCount]),
            _ => ColumnBuffer.Of(Enumerable.Repeat("x", rows).ToArray()),
        };
        var data = new InMemoryDataView(valid.Columns().With((column, wrongType)), rows,
            valid.Columns().Select(c => c.Name == column ? values : valid.Cache().Column(c.Name)).ToArray());
        return new($"{column} as {wrongType}", data, column, SchemaLevel: true, alsoAtTransform, wrongType.ToString(), atEstimator);
    }

    /// <summary>The data with one value of float column <paramref name="column"/> set to NaN.</summary>
    public static InvalidCase NonFinite(IDataView valid, string column, int row = 0, float value = float.NaN)
    {
        var cached = valid.Cache();
        var floats = cached.Column(column).Floats.ToArray();
        floats[row * cached.Columns()[column].Type.ElementCount] = value;
        var data = new InMemoryDataView(cached.Columns(), cached.Rows,
            cached.Columns.Select(c => c.Name == column ? ColumnBuffer.Of(floats) : cached.Column(c.Name)).ToArray());
        return new($"{value} in {column}", data, column, SchemaLevel: false, AlsoAtTransform: false);
    }

    /// <summary>Runs the whole contract on the stage made by <paramref name="createEstimator"/>.</summary>
    public static void Run<TTransformer>(Func<PoseContext, IEstimator<TTransformer>> createEstimator, IDataView validData, params InvalidCase[] invalidCases)
        where TTransformer : ITransformer
    {
        var data = validData.Cache();
        var estimator = createEstimator(new PoseContext(seed: 7));

        // 1. The declared schema needs no data.
        var declared = estimator.GetOutputSchema(data.Columns());
        _ = estimator.GetOutputSchema(new UnreadableDataView(data).Columns);

        // 2. Fit; the model declares the same schema and produces it.
        var model = estimator.Fit(data);
        AssertSameSchema(declared, model.GetOutputSchema(data.Columns()), "the fitted model's GetOutputSchema");
        var lazy = model.Transform(new UnreadableDataView(data));
        AssertSameSchema(declared, lazy.Columns(), "Transform's schema (computed lazily, without reading)");
        var output = model.Transform(data).Cache();
        AssertSameSchema(declared, output.Columns(), "the transformed data");
        if (model.IsRowToRowMapper) Assert.AreEqual(data.Rows, output.Rows, "a row-to-row stage keeps the row count");

        // 3. A seeded refit reproduces the output.
        var refit = createEstimator(new PoseContext(seed: 7)).Fit(data);
        AssertBitIdentical(output, refit.Transform(data).Cache(), "a refit with the same seed");

        // 4. Save → load → identical output, identical input schema, stable saved form, registered type.
        foreach (var part in Flatten(model))
        {
            Assert.IsInstanceOfType<IPersistableStage>(part, $"{part.GetType().Name} must implement IPersistableStage to be saved");
            var persistable = (IPersistableStage)part;
            var entry = StageRegistry.Find(persistable.StageType);
            Assert.IsNotNull(entry, $"stage type '{persistable.StageType}' is not registered ([PoseStage] or StageRegistry.Register)");
            Assert.IsTrue(entry.MinimumFormatVersion <= persistable.FormatVersion && persistable.FormatVersion <= entry.FormatVersion,
                $"the registry reads versions {entry.MinimumFormatVersion}..{entry.FormatVersion}, the stage writes {persistable.FormatVersion}");
        }
        var saved = new MemoryStream();
        ModelStore.Save(model, data.Columns(), saved);
        saved.Position = 0;
        var loaded = ModelStore.Load(new PoseContext(seed: 99), saved, out var loadedSchema);
        AssertSameSchema(data.Columns(), loadedSchema, "the loaded input schema");
        CollectionAssert.AreEqual(Flatten(model).Select(t => t.GetType()).ToArray(), Flatten(loaded).Select(t => t.GetType()).ToArray(),
            "the stages load back as their own types");
        AssertBitIdentical(output, loaded.Transform(data).Cache(), "the loaded model");
        var resaved = new MemoryStream();
        ModelStore.Save(loaded, loadedSchema, resaved);
        CollectionAssert.AreEqual(saved.ToArray(), resaved.ToArray(), "saving a loaded model must give the same bytes");

        // 5. Invalid input is rejected clearly.
        foreach (var bad in invalidCases)
        {
            if (bad.SchemaLevel)
            {
                SchemaMismatchException e;
                if (bad.AtEstimator)
                {
                    e = Assert.ThrowsExactly<SchemaMismatchException>(() => estimator.GetOutputSchema(bad.Data.Columns()), bad.Name);
                    CheckMessage(e, bad);
                    e = Assert.ThrowsExactly<SchemaMismatchException>(() => estimator.Fit(new UnreadableDataView(bad.Data)), $"{bad.Name}: Fit must check the schema before reading");
                    CheckMessage(e, bad);
                }
                if (bad.AlsoAtTransform)
                {
                    e = Assert.ThrowsExactly<SchemaMismatchException>(() => model.Transform(new UnreadableDataView(bad.Data)), $"{bad.Name}: Transform");
                    CheckMessage(e, bad);
                    e = Assert.ThrowsExactly<SchemaMismatchException>(() => loaded.GetOutputSchema(bad.Data.Columns()), $"{bad.Name}: loaded model");
                    CheckMessage(e, bad);
                }
            }
            else
            {
                var e = Assert.Throws<PoseMLException>(() => estimator.Fit(bad.Data).Transform(bad.Data).Cache(), bad.Name);
                StringAssert.Contains(e.Message, bad.Column, $"{bad.Name}: the error must name the column");
            }
        }
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer t) =>
        t is ITransformerChain chain ? chain.Transformers.SelectMany(Flatten) : [t];

    /// <summary>Asserts equal column names, order and types.</summary>
    public static void AssertSameSchema(BatchSchema expected, BatchSchema actual, string what)
    {
        Assert.AreEqual(expected.Describe(), actual.Describe(), $"{what}: schema differs");
    }

    /// <summary>Asserts that every column holds the same values, floats compared bit for bit.</summary>
    public static void AssertBitIdentical(InMemoryDataView expected, InMemoryDataView actual, string what)
    {
        AssertSameSchema(expected.Columns(), actual.Columns(), what);
        Assert.AreEqual(expected.Rows, actual.Rows, $"{what}: row count");
        foreach (var c in expected.Columns)
        {
            var a = expected.Column(c.Name);
            var b = actual.Column(c.Name);
            switch (c.Type.Kind)
            {
                case DataKind.Float32:
                    var fa = a.Floats.Span;
                    var fb = b.Floats.Span;
                    for (var i = 0; i < fa.Length; i++)
                    {
                        if (BitConverter.SingleToInt32Bits(fa[i]) != BitConverter.SingleToInt32Bits(fb[i]))
                            Assert.Fail($"{what}: column {c.Name} element {i}: {fa[i]:R} vs {fb[i]:R}");
                    }
                    break;
                case DataKind.Int32:
                    CollectionAssert.AreEqual(a.Ints.ToArray(), b.Ints.ToArray(), $"{what}: column {c.Name}");
                    break;
                default:
                    CollectionAssert.AreEqual(a.Texts.ToArray(), b.Texts.ToArray(), $"{what}: column {c.Name}");
                    break;
            }
        }
    }

    private static void CheckMessage(SchemaMismatchException e, InvalidCase bad)
    {
        Assert.AreEqual(bad.Column, e.Column, $"{bad.Name}: the error must name the column");
        if (bad.FoundType is not null) StringAssert.Contains(e.Message, bad.FoundType, $"{bad.Name}: the error must name the type found");
        StringAssert.Matches(e.Message, new System.Text.RegularExpressions.Regex("expected|not found"), $"{bad.Name}: the error must say what was expected");
    }
}

/// <summary>A view whose schema can be read but whose rows cannot: proves that a check ran before any data was read.</summary>
public sealed class UnreadableDataView(IDataView inner) : BatchDataView
{
    /// <inheritdoc />
    public override BatchSchema Columns => inner.Columns();

    /// <inheritdoc />
    public override long? RowCount => inner.RowCount();

    /// <inheritdoc />
    public override IEnumerable<DataBatch> ReadBatches(int batchSize, IReadOnlyCollection<string>? columns) =>
        throw new AssertFailedException("the data was read before the schema was checked");
}
