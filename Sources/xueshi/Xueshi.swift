import ArgumentParser

@main
struct Xueshi: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xueshi",
        abstract: "学时：专业技术人员继续教育学时台账 —— 导入、核查、汇总。",
        discussion: """
            把省继续教育学时登记系统导出的文件（CSV、Excel）导入本地学时库，按要求核查每个人的学时。

            学时库的位置：--ledger 路径，否则环境变量 XUESHI_LEDGER，否则当前目录下的 xueshi.sqlite。
            先试一试：xueshi demo
            """,
        version: "0.1.0",
        subcommands: [Import.self, Verify.self, Check.self, Report.self, People.self, Records.self, Imports.self, Exemption.self,
                      PolicyCommand.self, ProfileCommand.self, Demo.self])
}
