using Microsoft.ML;
using Microsoft.ML.Data;

namespace PoseML.Tests.MLNet;

/// <summary>The contract every ML.NET stage of PoseML keeps, checked by <see cref="Run{T}"/>:
/// <list type="number">
/// <item>Fit, then the transformed schema equals <see cref="IEstimator{TTransformer}.GetOutputSchema"/> of the
/// input schema (same column names, item types and vector/scalar kinds, both ways).</item>
/// <item><c>mlContext.Model.Save</c>, then loading in a fresh process (nothing but <c>mlContext.Model.Load</c>) gives
/// the same output columns: bit for bit when <c>tolerance</c> is 0, else within it (absolute).</item>
/// <item>Bad input — the input column missing, or holding another shape — is rejected with a message naming
/// the column, whether at <c>Transform</c> or at the first cursor.</item>
/// <item>Schema problems come before data: <c>Fit</c> without the input column fails without reading a row, and
/// <c>Transform</c> is lazy (it gives the output schema of a view whose rows cannot be read).</item>
/// <item>Fitting the same estimator again gives the same output bit for bit (its seed is fixed at creation).</item>
/// </list></summary>
internal static class StageContract
{
    /// <param name="ml">The context that made <paramref name="estimator"/>.</param>
    /// <param name="estimator">The stage under test.</param>
    /// <param name="data">Training data, also transformed.</param>
    /// <param name="inputColumn">The column the fitted stage reads at transform time.</param>
    /// <param name="wrongShapeColumn">A column of <paramref name="data"/> with another shape, copied over
    /// <paramref name="inputColumn"/> to make the wrong-shape input.</param>
    /// <param name="outputColumns">The float columns the stage writes (compared after the fresh-process load).</param>
    /// <param name="tolerance">0: bit for bit; else the largest absolute difference allowed (ONNX Runtime sums in
    /// another order than PoseML's engine).</param>
    public static void Run<T>(MLContext ml, IEstimator<T> estimator, IDataView data, string inputColumn, string wrongShapeColumn,
        string[] outputColumns, double tolerance) where T : class, ITransformer
    {
        var model = estimator.Fit(data);
        var scored = model.Transform(data);
        AssertSchemaShape(estimator.GetOutputSchema(PoseML.MLNet.SchemaShapes.Of(data.Schema)), scored.Schema);
        var lazy = model.Transform(new UnreadableDataView(data));
        foreach (var column in outputColumns) Assert.IsNotNull(lazy.Schema.GetColumnOrNull(column), $"{column}: Transform is lazy and declares its output");
        var refit = estimator.Fit(data).Transform(data);
        foreach (var column in outputColumns)
            LiftingAssert.Bitwise(Floats(scored, column), Floats(refit, column), $"{column}: a second Fit of the same estimator");
        var withoutInput = ml.Transforms.DropColumns(inputColumn).Fit(data).Transform(data);
        var early = Assert.Throws<Exception>(() => estimator.Fit(new UnreadableDataView(withoutInput)), "Fit must check the schema before reading");
        Assert.IsNotInstanceOfType<AssertFailedException>(early, "Fit read rows before checking the schema");
        StringAssert.Contains(early.Message, inputColumn, "the early error names the missing column");

        var dir = Directory.CreateTempSubdirectory("poseml-contract-").FullName;
        try
        {
            var path = Path.Combine(dir, "model.zip");
            ml.Model.Save(model, data.Schema, path);
            var fresh = FreshProcess.Transform(ml, path, data, dir);
            foreach (var column in outputColumns)
            {
                Assert.AreEqual(scored.Schema[column].Type.ToString(), fresh.Schema[column].Type.ToString(), $"{column}: the loaded column keeps its type");
                var expected = Floats(scored, column);
                var actual = Floats(fresh, column);
                Assert.AreEqual(expected.Length, actual.Length, column);
                for (var i = 0; i < expected.Length; i++)
                {
                    var same = tolerance == 0
                        ? BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i])
                        : Math.Abs((double)expected[i] - actual[i]) <= tolerance || (float.IsNaN(expected[i]) && float.IsNaN(actual[i]));
                    if (!same) Assert.Fail($"{column}[{i}]: fresh process gave {actual[i]:R}, in process {expected[i]:R} (tolerance {tolerance})");
                }
            }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        var missing = ml.Transforms.DropColumns(inputColumn).Fit(data).Transform(data);
        AssertRejected(model, missing, inputColumn, outputColumns[0], "missing column");
        var wrong = ml.Transforms.DropColumns(inputColumn).Append(ml.Transforms.CopyColumns(inputColumn, wrongShapeColumn)).Fit(data).Transform(data);
        AssertRejected(model, wrong, inputColumn, outputColumns[0], "wrong shape");
    }

    private static void AssertSchemaShape(SchemaShape shape, DataViewSchema schema)
    {
        var names = shape.Select(c => c.Name).ToHashSet();
        foreach (var column in schema.Where(c => !c.IsHidden))
            Assert.IsTrue(names.Contains(column.Name), $"{column.Name} is in the output but not in GetOutputSchema");
        foreach (var c in shape)
        {
            var column = schema.GetColumnOrNull(c.Name);
            Assert.IsNotNull(column, $"GetOutputSchema promises {c.Name}, the output lacks it");
            var type = column.Value.Type;
            var kind = type is VectorDataViewType v ? (v.IsKnownSize ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.VariableVector) : SchemaShape.Column.VectorKind.Scalar;
            Assert.AreEqual(c.Kind, kind, $"{c.Name}: vector kind");
            Assert.AreEqual(c.ItemType, type is VectorDataViewType vt ? vt.ItemType : type, $"{c.Name}: item type");
        }
    }

    private static void AssertRejected(ITransformer model, IDataView bad, string inputColumn, string outputColumn, string what)
    {
        try
        {
            var view = model.Transform(bad);
            _ = Floats(view, outputColumn);
        }
        catch (Exception e) when (e is not AssertFailedException)
        {
            var message = e.InnerException is null ? e.Message : e.Message + " / " + e.InnerException.Message;
            StringAssert.Contains(message, inputColumn, $"{what}: the error names the column");
            Assert.IsFalse(e.Message.Contains('\n', StringComparison.Ordinal), $"{what}: a one-line message, got: {e.Message}");
            return;
        }
        Assert.Fail($"{what}: the input was accepted");
    }

    /// <summary>The values of a float scalar or float vector column, row after row.</summary>
    public static float[] Floats(IDataView view, string column)
    {
        var col = view.Schema[column];
        if (col.Type is not VectorDataViewType) return view.GetColumn<float>(column).ToArray();
        return FreshProcess.Floats(view, column);
    }
}
