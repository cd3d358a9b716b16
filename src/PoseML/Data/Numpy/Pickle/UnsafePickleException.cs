using PoseML.Core;

namespace PoseML.Data.Numpy.Pickle;

/// <summary>A pickle names a global (a module attribute such as <c>posix.system</c> or <c>builtins.eval</c>)
/// that is not one of the numpy array and dtype constructors <see cref="SafeUnpickler"/> knows. The pickle
/// is refused at the point where it names the global: nothing it names is ever imported or called.</summary>
public sealed class UnsafePickleException : PoseMLException
{
    /// <summary>Creates the error for global <paramref name="module"/>.<paramref name="name"/> in <paramref name="source"/>.</summary>
    public UnsafePickleException(string source, string module, string name)
        : base($"{source}: pickle refers to global '{module}.{name}', which is not an allowed numpy constructor; refused without executing anything (allowed: {string.Join(", ", NumpyGlobals.AllowedNames)})")
    {
        Source_ = source;
        Module = module;
        Name = name;
    }

    /// <summary>The file or stream that holds the pickle.</summary>
    public string Source_ { get; }

    /// <summary>The module part of the refused global, e.g. <c>posix</c>.</summary>
    public string Module { get; }

    /// <summary>The attribute part of the refused global, e.g. <c>system</c>.</summary>
    public string Name { get; }

    /// <summary>The refused global as <c>module.name</c>.</summary>
    public string Global => $"{Module}.{Name}";
}
