using PoseML.Data.Numpy.Pickle;

namespace PoseML.Data.Numpy;

/// <summary>The kind of a numpy element type, as the first letter of its type string says.</summary>
public enum NpyKind
{
    /// <summary>Boolean (<c>b1</c>, <c>?</c>), one byte per element.</summary>
    Bool,
    /// <summary>Signed integer (<c>i1 i2 i4 i8</c>).</summary>
    Int,
    /// <summary>Unsigned integer (<c>u1 u2 u4 u8</c>).</summary>
    UInt,
    /// <summary>IEEE floating point (<c>f2 f4 f8</c>).</summary>
    Float,
    /// <summary>Fixed-width UTF-32 text (<c>U</c>), read as strings.</summary>
    Unicode,
    /// <summary>Fixed-width byte strings (<c>S</c>), read as Latin-1 strings.</summary>
    Bytes,
    /// <summary>Python objects (<c>O</c>): stored as a pickle, read by <see cref="SafeUnpickler"/>.</summary>
    Object,
}
