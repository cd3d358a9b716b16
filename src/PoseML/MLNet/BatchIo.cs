using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;

namespace PoseML.MLNet;

/// <summary>Moves values between ML.NET rows and <see cref="BatchBuffers"/>: reads a row's inputs into batch
/// slot r, and makes getters that serve an output of the slot a cursor stands on.</summary>
internal static class BatchIo
{
    /// <summary>Getters of the mapper's inputs on <paramref name="row"/>.</summary>
    public static ValueGetter<VBuffer<float>>[] InputGetters(DataViewRow row, BatchMapper mapper) =>
        mapper.Inputs.Select(i => row.GetGetter<VBuffer<float>>(row.Schema[i.ColumnIndex])).ToArray();

    /// <summary>Copies the current row's inputs into slot <paramref name="slot"/>.</summary>
    /// <exception cref="SchemaMismatchException">A variable-size vector has the wrong length on this row.</exception>
    public static void ReadRow(ValueGetter<VBuffer<float>>[] getters, ref VBuffer<float>[] scratch, BatchMapper mapper, BatchBuffers buffers, int slot, long position)
    {
        for (var i = 0; i < getters.Length; i++)
        {
            getters[i](ref scratch[i]);
            var input = mapper.Inputs[i];
            if (scratch[i].Length != input.Size)
                throw new SchemaMismatchException(input.Name, $"row {position} holds {scratch[i].Length} values, expected {input.Size}");
            scratch[i].CopyTo(buffers.InputArray(i).AsSpan(slot * input.Size, input.Size));
        }
    }

    /// <summary>A getter of output <paramref name="index"/> at the slot <paramref name="slot"/> returns.</summary>
    public static Delegate OutputGetter(BatchMapper mapper, BatchBuffers buffers, int index, Func<int> slot)
    {
        var output = mapper.Outputs[index];
        var size = output.ElementCount;
        var vector = output.Type is VectorDataViewType;
        if (output.IsInt)
        {
            if (!vector) return (ValueGetter<int>)((ref int value) => value = ((int[])buffers.OutputArray(index))[slot()]);
            return (ValueGetter<VBuffer<int>>)((ref VBuffer<int> value) => Fill(ref value, ((int[])buffers.OutputArray(index)).AsSpan(slot() * size, size)));
        }
        if (!vector) return (ValueGetter<float>)((ref float value) => value = ((float[])buffers.OutputArray(index))[slot()]);
        return (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) => Fill(ref value, ((float[])buffers.OutputArray(index)).AsSpan(slot() * size, size)));
    }

    private static void Fill<T>(ref VBuffer<T> value, ReadOnlySpan<T> source)
    {
        var editor = VBufferEditor.Create(ref value, source.Length);
        source.CopyTo(editor.Values);
        value = editor.Commit();
    }

    /// <summary>Casts a getter made by <see cref="OutputGetter"/> to the type the caller asks for, with a
    /// clear error when it is another.</summary>
    public static ValueGetter<TValue> Cast<TValue>(Delegate getter, DataViewSchema.Column column) =>
        getter as ValueGetter<TValue>
        ?? throw new InvalidOperationException($"column '{column.Name}' is {PoseColumnTypes.Describe(column.Type)}; it cannot be read as {typeof(TValue).Name}");
}
