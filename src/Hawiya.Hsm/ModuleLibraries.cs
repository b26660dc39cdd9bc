using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Hawiya.Hsm;

/// <summary>
/// One loaded PKCS#11 module per path and process. PKCS#11 §5.4: <c>C_Initialize</c> is called once
/// per application and <c>C_Finalize</c> ends every session of it, so two users of the same module
/// in one process (two hosts in one test run) share the library and the last one out unloads it.
/// </summary>
internal static class ModuleLibraries
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, (IPkcs11Library Library, int Users)> Loaded = new(StringComparer.Ordinal);

    static ModuleLibraries()
    {
        // Pkcs11Interop loads modules with dlopen from "libdl"; since glibc 2.34 that lives in libc and
        // Debian ships only libdl.so.2, with no unversioned name for the runtime to find.
        NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, ResolveLibdl);
    }

    public static Pkcs11InteropFactories Factories { get; } = new();

    private static IntPtr ResolveLibdl(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == "libdl" && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libdl.so.2", assembly, path, out var handle)
            ? handle
            : IntPtr.Zero;

    public static IPkcs11Library Acquire(string path)
    {
        lock (Gate)
        {
            if (!Loaded.TryGetValue(path, out var entry))
            {
                try
                {
                    entry = (Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, path, AppType.MultiThreaded), 0);
                }
                catch (Exception error) when (error is Pkcs11Exception or UnmanagedException or DllNotFoundException)
                {
                    throw new HsmException($"the PKCS#11 module {path} could not be loaded: {error.Message}", error);
                }
            }

            Loaded[path] = (entry.Library, entry.Users + 1);
            return entry.Library;
        }
    }

    public static void Release(string path)
    {
        lock (Gate)
        {
            if (!Loaded.TryGetValue(path, out var entry))
            {
                return;
            }

            if (entry.Users > 1)
            {
                Loaded[path] = (entry.Library, entry.Users - 1);
                return;
            }

            Loaded.Remove(path);
            entry.Library.Dispose();
        }
    }
}
